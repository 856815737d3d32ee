using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class QueryTests : ServerTestBase
{
    [Fact]
    public async Task Include_loads_the_related_rows()
    {
        await using var context = await CreateSeededContextAsync();

        var blogs = await context.Blogs.Include(b => b.Posts).OrderBy(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Blog 0", "Blog 1", "Blog 2"], blogs.Select(b => b.Name));
        Assert.All(blogs, b => Assert.Equal(5, b.Posts.Count));
        Assert.Equal(["Post 1.0", "Post 1.1", "Post 1.2", "Post 1.3", "Post 1.4"], blogs[1].Posts.Select(p => p.Title).Order());
    }

    [Fact]
    public async Task Skip_and_Take_page_in_the_database()
    {
        await using var context = await CreateSeededContextAsync();

        var page = await context.Posts.OrderBy(p => p.Title).Skip(4).Take(3).Select(p => p.Title).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Post 0.4", "Post 1.0", "Post 1.1"], page);
    }

    [Fact]
    public async Task String_functions_translate_to_SQLite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await CreateSeededContextAsync();

        Assert.Equal(5, await context.Posts.CountAsync(p => p.Title.StartsWith("Post 2."), ct));
        Assert.Equal(3, await context.Posts.CountAsync(p => p.Title.EndsWith(".3"), ct));
        Assert.Equal(5, await context.Posts.CountAsync(p => p.Title.Contains("t 1"), ct));
        Assert.Equal("BLOG 2", await context.Blogs.Where(b => b.Name.ToLower() == "blog 2").Select(b => b.Name.ToUpper()).SingleAsync(ct));
        Assert.Equal("og 1", await context.Blogs.Where(b => b.Name.Length == 6 && b.Name.EndsWith('1')).Select(b => b.Name.Substring(2)).SingleAsync(ct));
        Assert.Equal("Blog-0", await context.Blogs.Where(b => b.Id == 1).Select(b => b.Name.Replace(" ", "-").Trim()).SingleAsync(ct));
    }

    [Fact]
    public async Task DateTime_DateOnly_Guid_and_decimal_values_round_trip_and_compare()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await CreateSeededContextAsync();
        var since = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(["Blog 1", "Blog 2"], await context.Blogs.Where(b => b.CreatedUtc > since).OrderBy(b => b.CreatedUtc).Select(b => b.Name).ToListAsync(ct));
        Assert.Equal(["Blog 2"], await context.Blogs.Where(b => b.CreatedUtc.AddDays(-15) >= since).Select(b => b.Name).ToListAsync(ct));
        Assert.Equal(2026, await context.Blogs.Where(b => b.Name == "Blog 1").Select(b => b.CreatedUtc.Year).SingleAsync(ct));
        Assert.Equal(6, await context.Posts.CountAsync(p => p.PublishedOn > new DateOnly(2026, 2, 3), ct));

        var blog = await context.Blogs.SingleAsync(b => b.Name == "Blog 1", ct);
        Assert.Equal(new DateTime(2026, 1, 11, 0, 0, 0), blog.CreatedUtc);
        Assert.Equal(10.5m, blog.Budget);
        Assert.Equal(blog.Id, await context.Blogs.Where(b => b.Key == blog.Key).Select(b => b.Id).SingleAsync(ct));
    }

    [Fact]
    public async Task FromSql_composes_and_SqlQuery_reads_scalars()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await CreateSeededContextAsync();
        var minimum = 30;

        var titles = await context.Posts.FromSql($"SELECT * FROM Posts WHERE Likes >= {minimum}").OrderBy(p => p.Title).Select(p => p.Title).Take(2).ToListAsync(ct);
        var likes = await context.Database.SqlQuery<int>($"SELECT Likes AS Value FROM Posts WHERE Title = {"Post 2.4"}").SingleAsync(ct);

        Assert.Equal(["Post 0.3", "Post 0.4"], titles);
        Assert.Equal(40, likes);
    }

    [Fact]
    public async Task ExecuteUpdate_and_ExecuteDelete_run_set_based()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await CreateSeededContextAsync();

        var updated = await context.Posts.Where(p => p.Likes >= 30).ExecuteUpdateAsync(s => s.SetProperty(p => p.Likes, p => p.Likes + 1).SetProperty(p => p.Title, p => p.Title + "!"), ct);
        var deleted = await context.Posts.Where(p => p.Likes == 0).ExecuteDeleteAsync(ct);

        Assert.Equal(6, updated);
        Assert.Equal(3, deleted);
        Assert.Equal(12, await context.Posts.CountAsync(ct));
        Assert.Equal(41, await context.Posts.Where(p => p.Title == "Post 1.4!").Select(p => p.Likes).SingleAsync(ct));
    }
}
