using System.Diagnostics;
using Libsql.Client;
using Libsql.TestServer;
using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

/// <summary>
/// One auth-enabled test server per test (each test owns its schema), and a count of the Hrana requests its client
/// makes (one span per request, filtered by this server's port).
/// </summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private readonly ActivityListener _listener;
    private readonly List<string> _requests = [];

    protected ServerTestBase()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LibsqlDiagnostics.ActivitySourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Server is not null && Equals(activity.GetTagItem("server.port"), Server.Uri.Port))
                {
                    lock (_requests)
                    {
                        _requests.Add(activity.DisplayName);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    protected LibsqlTestServer Server { get; private set; } = null!;

    protected string ConnectionString => Server.ConnectionString;

    /// <summary>The Hrana operations sent since the last <see cref="ResetRequests"/>.</summary>
    protected IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected void ResetRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    protected virtual LibsqlTestServerOptions ServerOptions => new() { EnableAuth = true };

    public virtual async ValueTask InitializeAsync() => Server = await LibsqlTestServer.StartAsync(ServerOptions, TestContext.Current.CancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Server.DisposeAsync();
    }

    protected BloggingContext CreateContext(Action<DbContextOptionsBuilder<BloggingContext>>? configure = null)
    {
        var builder = new DbContextOptionsBuilder<BloggingContext>().UseLibsql(ConnectionString);
        configure?.Invoke(builder);
        return new BloggingContext(builder.Options);
    }

    protected async Task<BloggingContext> CreateSeededContextAsync()
    {
        var context = CreateContext();
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var b = 0; b < 3; b++)
        {
            var blog = new Blog { Name = $"Blog {b}", CreatedUtc = start.AddDays(b * 10), Budget = 10.5m * b };
            for (var p = 0; p < 5; p++)
            {
                blog.Posts.Add(new Post { Title = $"Post {b}.{p}", Likes = p * 10, PublishedOn = new DateOnly(2026, 2, p + 1) });
            }

            context.Blogs.Add(blog);
        }

        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        context.ChangeTracker.Clear();
        return context;
    }
}
