using System.Data.Common;

namespace Libsql.Client;

/// <summary>A <see cref="DbDataSource"/> over one <see cref="LibsqlClient"/>: every connection it makes shares the client.</summary>
public sealed class LibsqlDataSource : DbDataSource
{
    private readonly bool _ownsClient;

    /// <summary>A data source that owns a new client for a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    public LibsqlDataSource(string connectionString)
        : this(new LibsqlClient(connectionString), ownsClient: true)
    {
    }

    /// <summary>A data source over an existing client.</summary>
    /// <param name="client">The client.</param>
    /// <param name="ownsClient">Whether disposing the data source disposes the client.</param>
    public LibsqlDataSource(LibsqlClient client, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        _ownsClient = ownsClient;
    }

    /// <summary>The client.</summary>
    public LibsqlClient Client { get; }

    /// <summary>The connection string with the token masked.</summary>
    public override string ConnectionString => Client.Options.ToString();

    /// <summary>Creates a closed connection.</summary>
    /// <returns>The connection.</returns>
    public new LibsqlConnection CreateConnection() => new(Client);

    /// <summary>Creates and opens a connection.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open connection.</returns>
    public new async ValueTask<LibsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <inheritdoc/>
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsClient)
        {
            Client.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeAsyncCore()
    {
        if (_ownsClient)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
