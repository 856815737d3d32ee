using Microsoft.EntityFrameworkCore.Update;

namespace Libsql.EntityFrameworkCore.Update;

/// <summary>
/// A batch of several modification commands in one command text, which the ADO.NET provider sends to sqld as one
/// Hrana batch: one round trip for many rows, where the SQLite provider sends one command per row.
/// </summary>
public class LibsqlModificationCommandBatch : AffectedCountModificationCommandBatch
{
    /// <summary>A batch of up to <paramref name="maxBatchSize"/> commands.</summary>
    /// <param name="dependencies">EF Core's batch dependencies.</param>
    /// <param name="maxBatchSize">The most commands in one batch.</param>
    public LibsqlModificationCommandBatch(ModificationCommandBatchFactoryDependencies dependencies, int maxBatchSize)
        : base(dependencies, maxBatchSize)
    {
    }
}
