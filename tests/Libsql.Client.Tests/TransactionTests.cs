using Libsql.TestServer;

namespace Libsql.Client.Tests;

/// <summary>The portable transaction suite on the in-process test server, plus stream expiry (needs a short StreamExpiry).</summary>
public sealed class TransactionTests(TestServerFixture fixture) : TransactionTestsBase(fixture), IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task An_expired_stream_loses_the_transaction_and_says_so()
    {
        var expiry = TimeSpan.FromSeconds(1);
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { StreamExpiry = expiry }, Ct);
        await using var client = new LibsqlClient(server.ConnectionString);
        await client.ExecuteAsync("CREATE TABLE t (v)", cancellationToken: Ct);

        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: Ct);

        // The wait is what is under test: the stream idles well past the server's expiry (checked on its next use).
        await Task.Delay(expiry * 2.5, Ct);

        var expired = await Assert.ThrowsAsync<LibsqlException>(() => transaction.ExecuteAsync("INSERT INTO t VALUES (2)", cancellationToken: Ct));
        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync(Ct));
        await transaction.DisposeAsync();

        Assert.Equal(LibsqlErrorKind.StreamExpired, expired.Kind);
        Assert.Equal("STREAM_EXPIRED", expired.Code);
        Assert.True(expired.IsTransient);
        Assert.Contains("expired", lost.Message, StringComparison.Ordinal);
        Assert.True(transaction.IsCompleted);
        Assert.Equal(0L, (await client.ExecuteAsync("SELECT count(*) FROM t", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }
}
