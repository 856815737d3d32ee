using System.Data.Common;
using Libsql.Client;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Libsql.EntityFrameworkCore.Storage;

/// <summary>
/// EF Core's connection to sqld: a <see cref="LibsqlConnection"/> instead of the SQLite provider's
/// <c>SqliteConnection</c>. A transaction EF Core begins is an interactive Hrana transaction on one stream.
/// </summary>
/// <remarks>
/// The SQLite provider registers .NET functions on its connection (<c>regexp</c>, and the <c>ef_*</c> decimal helpers);
/// a remote server cannot run .NET code, so queries translated to those functions (arithmetic, comparison and
/// aggregates over <see cref="decimal"/> columns) fail on sqld with "no such function".
/// </remarks>
public class LibsqlRelationalConnection : RelationalConnection, ISqliteRelationalConnection
{
    /// <summary>A connection configured from the context's options.</summary>
    /// <param name="dependencies">EF Core's connection dependencies.</param>
    public LibsqlRelationalConnection(RelationalConnectionDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc/>
    protected override DbConnection CreateDbConnection() => new LibsqlConnection(GetValidatedConnectionString());

    /// <summary>Not supported: sqld has no read-only connection mode (a read-only token is the way to get one).</summary>
    /// <returns>Never returns.</returns>
    public virtual ISqliteRelationalConnection CreateReadOnlyConnection() =>
        throw new NotSupportedException("sqld has no read-only connection mode; connect with a read-only token (access claim \"ro\") instead.");
}
