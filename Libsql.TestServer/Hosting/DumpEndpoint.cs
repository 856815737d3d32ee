using System.Text;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// sqld's <c>GET /dump</c> (libsql-server http/user/dump.rs): the namespace the headers name, as an SQL script that
/// the <c>sqlite3</c> shell replays; any token that may read the namespace may dump it.
/// </summary>
internal sealed class DumpEndpoint(RequestGate gate, NamespaceStore namespaces, ConnectionThrottle throttle)
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>Streams the dump; an error before the first byte is sqld's JSON error.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        Microsoft.Data.Sqlite.SqliteConnection connection;
        IDisposable permit;
        bool preserveRowIds;
        try
        {
            preserveRowIds = http.Request.Query["preserve_row_ids"].ToString() switch
            {
                "" or "false" => false,
                "true" => true,
                var other => throw new SqldHttpException(StatusCodes.Status400BadRequest, $"Failed to deserialize query string: preserve_row_ids: provided string was not `true` or `false` (got `{other}`)"),
            };
            var context = gate.Authorize(http.Request);
            permit = await throttle.AcquireAsync(context.Namespace, cancellationToken).ConfigureAwait(false);
            try
            {
                connection = namespaces.OpenReadOnly(context.Namespace);
            }
            catch
            {
                permit.Dispose();
                throw;
            }
        }
        catch (SqldHttpException e)
        {
            await HranaEndpoints.WriteSqldErrorAsync(http, e, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (permit)
        await using (connection.ConfigureAwait(false))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            var buffer = new StringBuilder();
            foreach (var line in DatabaseDump.Lines(connection, preserveRowIds))
            {
                buffer.Append(line).Append('\n');
                if (buffer.Length >= FlushBytes)
                {
                    await FlushAsync(http, buffer, cancellationToken).ConfigureAwait(false);
                }
            }

            await FlushAsync(http, buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task FlushAsync(HttpContext http, StringBuilder buffer, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(buffer.ToString()), cancellationToken).ConfigureAwait(false);
        buffer.Clear();
    }
}
