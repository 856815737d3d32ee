using System.Data;
using System.Data.Common;

namespace Libsql.Client;

/// <summary>The ADO.NET face of a <see cref="LibsqlTransaction"/>; disposing without commit rolls back.</summary>
public sealed class LibsqlDbTransaction : DbTransaction
{
    private readonly LibsqlConnection _connection;

    internal LibsqlDbTransaction(LibsqlConnection connection, LibsqlTransaction transaction, IsolationLevel isolationLevel)
    {
        _connection = connection;
        Transaction = transaction;
        IsolationLevel = isolationLevel;
    }

    /// <summary>The underlying interactive transaction.</summary>
    public LibsqlTransaction Transaction { get; }

    /// <inheritdoc/>
    public override IsolationLevel IsolationLevel { get; }

    /// <inheritdoc/>
    protected override DbConnection DbConnection => _connection;

    /// <inheritdoc/>
    public override void Commit() => CommitAsync().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Detach();
        }
    }

    /// <inheritdoc/>
    public override void Rollback() => RollbackAsync().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Detach();
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Detach();
        }
    }

    private void Detach()
    {
        if (ReferenceEquals(_connection.CurrentTransaction, this))
        {
            _connection.CurrentTransaction = null;
        }
    }
}
