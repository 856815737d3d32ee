using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

[CollectionDefinition(nameof(StreamingTests), DisableParallelization = true)]
public sealed class StreamingCollection;

/// <summary>
/// Measures the managed heap, so it runs alone (other tests' live objects would count too) against a server in another
/// process (the in-process test server holds a cursor's response until the client has read it).
/// </summary>
[Collection(nameof(StreamingTests))]
public sealed class StreamingTests
{
    private const int Rows = 100_000;

    [Fact]
    public async Task AsAsyncEnumerable_streams_a_large_result_in_bounded_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OutOfProcessServer.StartAsync(ct);
        await using var context = new BloggingContext(new DbContextOptionsBuilder<BloggingContext>().UseLibsql(server.ConnectionString).Options);
        await context.Database.EnsureCreatedAsync(ct);
        context.Blogs.Add(new Blog { Name = "big" });
        await context.SaveChangesAsync(ct);

        // 100,000 posts with 200-character titles: about 45 MiB as .NET objects if the result were held whole.
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO Posts (BlogId, Title, Likes)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            SELECT 1, printf('%0200d', i), i FROM n
            """, ct);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, count = 0, likes = 0;
        await foreach (var post in context.Posts.AsNoTracking().OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            likes += post.Likes;
            if (count % 20_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(Rows, count);
        Assert.Equal((long)Rows * (Rows + 1) / 2, likes);
        Assert.True(peak < 16 * 1024 * 1024, $"The managed heap grew by {peak / 1024 / 1024} MiB while streaming.");
    }
}
