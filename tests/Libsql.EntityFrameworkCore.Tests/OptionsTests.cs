using Libsql.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class OptionsTests : ServerTestBase
{
    [Fact]
    public async Task A_context_over_a_caller_owned_LibsqlConnection_uses_it_and_leaves_it_open()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new LibsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using (var context = new BloggingContext(new DbContextOptionsBuilder<BloggingContext>().UseLibsql(connection).Options))
        {
            await context.Database.EnsureCreatedAsync(ct);
            context.Blogs.Add(new Blog { Name = "shared" });
            await context.SaveChangesAsync(ct);
            Assert.Same(connection, context.Database.GetDbConnection());
        }

        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM Blogs";
        Assert.Equal("shared", await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task AddLibsql_registers_a_context_on_sqld()
    {
        await using var provider = new ServiceCollection().AddLibsql<BloggingContext>(ConnectionString).BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<BloggingContext>();

        Assert.True(await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Libsql.EntityFrameworkCore", context.Database.ProviderName);
    }

    [Fact]
    public void Bad_input_is_refused_when_the_options_are_built_with_a_message_that_says_what_to_fix()
    {
        var builder = new DbContextOptionsBuilder();

        Assert.Throws<ArgumentNullException>(() => builder.UseLibsql((string)null!));
        Assert.Throws<ArgumentException>(() => builder.UseLibsql(" "));
        var badKey = Assert.ThrowsAny<ArgumentException>(() => builder.UseLibsql("Endpoint=http://127.0.0.1:8080;Pasword=x"));
        Assert.Contains("pasword", badKey.Message, StringComparison.OrdinalIgnoreCase);
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        var wrongConnection = Assert.Throws<ArgumentException>(() => builder.UseLibsql(sqlite));
        Assert.Contains("UseSqlite", wrongConnection.Message, StringComparison.Ordinal);
    }
}
