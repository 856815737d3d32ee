using Libsql.Client;
using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class SaveChangesTests : ServerTestBase
{
    [Fact]
    public async Task Inserts_updates_and_deletes_round_trip_with_generated_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync(ct);
        var blog = new Blog { Name = "one", CreatedUtc = DateTime.UtcNow, Posts = { new Post { Title = "a" }, new Post { Title = "b" } } };
        context.Blogs.Add(blog);
        await context.SaveChangesAsync(ct);

        Assert.True(blog.Id > 0);
        Assert.All(blog.Posts, p => Assert.Equal(blog.Id, p.BlogId));

        blog.Posts[0].Likes = 7;
        context.Posts.Remove(blog.Posts[1]);
        await context.SaveChangesAsync(ct);

        await using var other = CreateContext();
        var read = await other.Posts.SingleAsync(ct);
        Assert.Equal(("a", 7), (read.Title, read.Likes));
    }

    [Fact]
    public async Task A_constraint_violation_is_a_DbUpdateException_with_the_server_error_inside()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync(ct);
        context.Blogs.Add(new Blog { Name = "same" });
        await context.SaveChangesAsync(ct);

        context.Blogs.Add(new Blog { Name = "other" });
        context.Blogs.Add(new Blog { Name = "same" });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(ct));

        var inner = Assert.IsType<LibsqlException>(error.InnerException);
        Assert.StartsWith("SQLITE_CONSTRAINT", inner.Code, StringComparison.Ordinal);
        await using var other = CreateContext();
        Assert.Equal(["same"], await other.Blogs.Select(b => b.Name).ToListAsync(ct));
    }

    [Fact]
    public async Task SaveChanges_of_many_rows_sends_one_batch_inside_one_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync(ct);
        var blog = new Blog { Name = "bulk" };
        for (var i = 0; i < 200; i++)
        {
            blog.Posts.Add(new Post { Title = $"p{i}", Likes = i });
        }

        context.Blogs.Add(blog);
        ResetRequests();
        await context.SaveChangesAsync(ct);

        // One batch for the blog (the posts need its generated key), two for the 200 posts (100 commands a batch);
        // the SQLite provider alone would send a request per row.
        Assert.Equal(["begin", "batch", "batch", "batch", "commit"], Requests);
        Assert.Equal(200, await context.Posts.CountAsync(p => p.BlogId == blog.Id, ct));
        Assert.Equal(199 * 100, await context.Posts.SumAsync(p => p.Likes, ct));
    }

    [Fact]
    public async Task An_explicit_transaction_spans_SaveChanges_and_raw_SQL_and_rolls_back_as_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync(ct);

        await using (var transaction = await context.Database.BeginTransactionAsync(ct))
        {
            context.Blogs.Add(new Blog { Name = "kept?" });
            await context.SaveChangesAsync(ct);
            await context.Database.ExecuteSqlAsync($"UPDATE Blogs SET Name = {"renamed"}", ct);
            Assert.Equal("renamed", await context.Blogs.Select(b => b.Name).SingleAsync(ct));

            await using var outside = CreateContext();
            Assert.Equal(0, await outside.Blogs.CountAsync(ct));

            await transaction.RollbackAsync(ct);
        }

        context.ChangeTracker.Clear();
        Assert.Equal(0, await context.Blogs.CountAsync(ct));

        await using (var transaction = await context.Database.BeginTransactionAsync(ct))
        {
            context.Blogs.Add(new Blog { Name = "committed" });
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await using var after = CreateContext();
        Assert.Equal(["committed"], await after.Blogs.Select(b => b.Name).ToListAsync(ct));
    }
}
