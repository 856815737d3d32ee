using Libsql.TestServer;

namespace Libsql.Client.Tests;

/// <summary>On a server without Hrana 3 the client falls back to Hrana 2 (<c>/v2/pipeline</c>) and everything still works.</summary>
public sealed class ProtocolFallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_v3_the_client_probes_once_then_speaks_v2_for_statements_transactions_and_readers()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var proxy = await HranaV2OnlyProxy.StartAsync(server.Uri, Ct);
        var connectionString = server.ConnectionString.Replace(server.Uri.GetLeftPart(UriPartial.Authority), proxy.Uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        await using var client = new LibsqlClient(connectionString);

        await client.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", cancellationToken: Ct);
        await client.BatchAsync([new LibsqlStatement("INSERT INTO t (v) VALUES ('a')"), new LibsqlStatement("INSERT INTO t (v) VALUES ('b')")], cancellationToken: Ct);

        // A transaction spans requests (a baton per request) on Hrana 2 as on 3.
        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync("INSERT INTO t (v) VALUES ('c')", cancellationToken: Ct);
        await transaction.CommitAsync(Ct);

        // Hrana 2 has no cursors: a streamed query is read whole instead.
        var streamed = new List<string>();
        await foreach (var row in client.QueryStreamAsync("SELECT v FROM t ORDER BY id", cancellationToken: Ct))
        {
            streamed.Add(row.GetValue<string>(0));
        }

        Assert.Equal(["a", "b", "c"], streamed);

        // One probe for the client's whole life: Protobuf, then JSON; then Hrana 2 without asking.
        var requests = proxy.Requests;
        Assert.Equal(["GET /v3-protobuf", "GET /v3"], requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal)));
        Assert.Equal(6, requests.Count(r => r == "POST /v2/pipeline"));
        Assert.Equal(8, requests.Count);

        // ADO.NET over the same server takes the same way.
        await using (var connection = new LibsqlConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT v FROM t ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            var read = new List<string>();
            while (await reader.ReadAsync(Ct))
            {
                read.Add(reader.GetString(0));
            }

            Assert.Equal(["a", "b", "c"], read);
        }

        Assert.All(proxy.Requests.Skip(requests.Count), r => Assert.True(r is "GET /v3-protobuf" or "GET /v3" or "POST /v2/pipeline", r));
        Assert.Contains("POST /v2/pipeline", proxy.Requests.Skip(requests.Count));
    }
}
