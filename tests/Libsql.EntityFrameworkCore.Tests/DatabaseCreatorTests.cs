using Libsql.Client;
using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class DatabaseCreatorTests : ServerTestBase
{
    [Fact]
    public async Task EnsureCreated_creates_the_model_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateContext();

        Assert.True(await context.Database.EnsureCreatedAsync(ct));
        Assert.False(await context.Database.EnsureCreatedAsync(ct));
        Assert.Equal(["Blogs", "Posts"], await UserObjectsAsync("table"));
        Assert.Contains("IX_Blogs_Name", await UserObjectsAsync("index"));
    }

    [Fact]
    public async Task EnsureDeleted_drops_every_user_object_and_EnsureCreated_then_starts_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var context = await CreateSeededContextAsync())
        {
            await context.Database.ExecuteSqlRawAsync("CREATE VIEW popular AS SELECT * FROM Posts WHERE Likes > 10", ct);
            await context.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER no_empty_titles BEFORE INSERT ON Posts WHEN NEW.Title = '' BEGIN SELECT RAISE(ABORT, 'empty'); END", ct);
            await context.Database.ExecuteSqlRawAsync("CREATE TABLE extra (id INTEGER PRIMARY KEY AUTOINCREMENT, blog INTEGER REFERENCES Blogs(Id))", ct);
            await context.Database.ExecuteSqlRawAsync("INSERT INTO extra (blog) SELECT Id FROM Blogs", ct);

            Assert.True(await context.Database.EnsureDeletedAsync(ct));
        }

        Assert.Empty(await UserObjectsAsync("table"));
        Assert.Empty(await UserObjectsAsync("view"));
        Assert.Empty(await UserObjectsAsync("trigger"));
        Assert.Empty(await UserObjectsAsync("index"));

        await using var again = CreateContext();
        Assert.False(again.Database.EnsureDeleted());
        Assert.True(again.Database.EnsureCreated());
        Assert.Equal(0, await again.Blogs.CountAsync(ct));
    }

    private async Task<List<string>> UserObjectsAsync(string type)
    {
        await using var connection = new LibsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = @type AND name NOT LIKE 'sqlite%' ORDER BY name";
        command.Parameters.Add(new LibsqlParameter("type", type));
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
