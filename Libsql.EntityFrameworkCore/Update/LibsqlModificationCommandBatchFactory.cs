using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;

namespace Libsql.EntityFrameworkCore.Update;

/// <summary>Makes <see cref="LibsqlModificationCommandBatch"/>es of <c>MaxBatchSize</c> commands (default 100).</summary>
public class LibsqlModificationCommandBatchFactory : IModificationCommandBatchFactory
{
    /// <summary>
    /// The batch size when <c>MaxBatchSize</c> is not set. A round trip to sqld costs far more than a statement, but
    /// the ADO.NET provider gives each statement of a command text the parameters it names, work that grows with
    /// statements x parameters: 100 keeps that small while 1,000 rows take 10 round trips instead of 1,000.
    /// </summary>
    public const int DefaultMaxBatchSize = 100;

    private readonly int _maxBatchSize;

    /// <summary>A factory for the context's options.</summary>
    /// <param name="dependencies">EF Core's batch dependencies.</param>
    /// <param name="options">The context's options (for <c>MaxBatchSize</c>).</param>
    public LibsqlModificationCommandBatchFactory(ModificationCommandBatchFactoryDependencies dependencies, IDbContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(options);
        Dependencies = dependencies;
        _maxBatchSize = RelationalOptionsExtension.Extract(options).MaxBatchSize ?? DefaultMaxBatchSize;
    }

    /// <summary>EF Core's batch dependencies.</summary>
    protected virtual ModificationCommandBatchFactoryDependencies Dependencies { get; }

    /// <inheritdoc/>
    public virtual ModificationCommandBatch Create() => new LibsqlModificationCommandBatch(Dependencies, _maxBatchSize);
}
