using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// Where a <see cref="LibsqlDataReader"/> gets its batch's output, entry by entry: a live Hrana cursor, or a batch
/// result already in memory (Hrana 2, and statements inside an interactive transaction).
/// </summary>
internal interface ILibsqlEntrySource : IAsyncDisposable
{
    /// <summary>The next entry, or null after the last.</summary>
    ValueTask<HranaCursorEntry?> ReadEntryAsync(CancellationToken cancellationToken);
}
