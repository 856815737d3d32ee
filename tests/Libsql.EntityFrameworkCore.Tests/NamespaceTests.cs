using Libsql.Client;
using Libsql.TestServer;
using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class NamespaceTests : ServerTestBase
{
    protected override LibsqlTestServerOptions ServerOptions => new() { EnableAuth = true, EnableNamespaces = true };

    [Fact]
    public async Task A_missing_namespace_does_not_exist_and_EnsureCreated_says_how_to_create_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = new LibsqlConnectionStringBuilder(ConnectionString) { Namespace = "tenant7" };
        await using var context = new BloggingContext(new DbContextOptionsBuilder<BloggingContext>().UseLibsql(builder.ConnectionString).Options);

        Assert.False(await context.Database.EnsureDeletedAsync(ct));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => context.Database.EnsureCreatedAsync(ct));
        Assert.Contains("'tenant7' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("admin API", error.Message, StringComparison.Ordinal);

        Server.CreateNamespace("tenant7");
        Assert.True(await context.Database.EnsureCreatedAsync(ct));
        Assert.Equal(0, await context.Blogs.CountAsync(ct));
    }
}
