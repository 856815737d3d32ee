using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class MigrationTests : ServerTestBase
{
    private MigratingContext CreateMigratingContext() =>
        new(new DbContextOptionsBuilder<MigratingContext>().UseLibsql(ConnectionString).Options);

    [Fact]
    public async Task Migrate_applies_pending_migrations_once_and_the_schema_works()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateMigratingContext();

        Assert.Equal(["20260101000000_CreateAuthors", "20260102000000_AddAuthorEmail"], await context.Database.GetPendingMigrationsAsync(ct));
        await context.Database.MigrateAsync(ct);
        await context.Database.MigrateAsync(ct);

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(["20260101000000_CreateAuthors", "20260102000000_AddAuthorEmail"], await context.Database.GetAppliedMigrationsAsync(ct));
        context.Authors.Add(new Author { Name = "Ada", Email = "ada@example.com" });
        await context.SaveChangesAsync(ct);
        context.Authors.Add(new Author { Name = "Copy", Email = "ada@example.com" });
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(ct));
    }

    [Fact]
    public async Task Migrating_down_rebuilds_the_table_and_keeps_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var context = CreateMigratingContext())
        {
            await context.Database.MigrateAsync(ct);
            context.Authors.AddRange(new Author { Name = "Ada", Email = "a@x" }, new Author { Name = "Grace" });
            await context.SaveChangesAsync(ct);

            // SQLite cannot drop a column with an index on it: the SQLite provider rebuilds the table.
            await context.GetService<IMigrator>().MigrateAsync("20260101000000_CreateAuthors", ct);
            Assert.Equal(["20260101000000_CreateAuthors"], await context.Database.GetAppliedMigrationsAsync(ct));
            var columns = await context.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info('Authors') ORDER BY cid").ToListAsync(ct);
            Assert.Equal(["Id", "Name"], columns);
            Assert.Equal(["Ada", "Grace"], await context.Database.SqlQuery<string>($"SELECT Name AS Value FROM Authors ORDER BY Id").ToListAsync(ct));

            await context.Database.MigrateAsync(ct);
        }

        await using var after = CreateMigratingContext();
        Assert.Equal([null, null], await after.Authors.OrderBy(a => a.Id).Select(a => a.Email).ToListAsync(ct));
    }
}
