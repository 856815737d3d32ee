using System.Data.Common;

namespace Libsql.Client;

/// <summary>The ADO.NET provider factory, registered in <see cref="DbProviderFactories"/> as <see cref="ProviderInvariantName"/>.</summary>
public sealed class LibsqlFactory : DbProviderFactory
{
    /// <summary>The invariant name: <c>Libsql.Client</c>.</summary>
    public const string ProviderInvariantName = "Libsql.Client";

    /// <summary>The single instance (the field name <see cref="DbProviderFactories"/> looks for).</summary>
    public static readonly LibsqlFactory Instance = new();

    private LibsqlFactory()
    {
    }

    /// <summary>Registers the factory under <see cref="ProviderInvariantName"/> (idempotent).</summary>
    public static void Register() => DbProviderFactories.RegisterFactory(ProviderInvariantName, Instance);

    /// <inheritdoc/>
    public override bool CanCreateDataSourceEnumerator => false;

    /// <inheritdoc/>
    public override DbCommand CreateCommand() => new LibsqlCommand();

    /// <summary>True: see <see cref="LibsqlBatch"/>.</summary>
    public override bool CanCreateBatch => true;

    /// <inheritdoc/>
    public override DbBatch CreateBatch() => new LibsqlBatch();

    /// <inheritdoc/>
    public override DbBatchCommand CreateBatchCommand() => new LibsqlBatchCommand();

    /// <inheritdoc/>
    public override DbConnection CreateConnection() => new LibsqlConnection();

    /// <inheritdoc/>
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new LibsqlConnectionStringBuilder();

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new LibsqlParameter();

    /// <inheritdoc/>
    public override DbDataSource CreateDataSource(string connectionString) => new LibsqlDataSource(connectionString);
}
