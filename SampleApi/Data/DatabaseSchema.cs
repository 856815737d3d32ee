using Libsql.Client;

namespace SampleApi.Data;

/// <summary>
/// Brings the database schema to <see cref="LatestVersion"/> at start-up. Every step runs in one write transaction
/// together with its row in <c>schema_version</c>, so a crash leaves the previous version intact and two
/// instances starting at once apply each step exactly once: the second waits for the first's write lock, then
/// re-reads the version inside its own transaction and finds nothing left to do. An instance whose token is read-only
/// cannot migrate: it fails at once, or, given <see cref="MigrationWaitKey"/>, waits that long for another instance to.
/// </summary>
internal sealed partial class DatabaseSchema(LibsqlClient db, IConfiguration configuration, ILogger<DatabaseSchema> logger)
{
    /// <summary>
    /// How long an instance with a read-only token waits for a read-write instance to migrate the schema, as a
    /// TimeSpan (e.g. <c>00:01:00</c>); absent or zero: it fails at once. Lets both start together.
    /// </summary>
    public const string MigrationWaitKey = "Schema:MigrationWait";

    private static readonly TimeSpan MigrationPollInterval = TimeSpan.FromMilliseconds(250);

    private const string Timestamp = $"TEXT NOT NULL DEFAULT ({SqlTimestamp.Now})";

    // Append-only: a released step is never edited, a change is a new step.
    private static readonly string[][] Steps =
    [
        [
            $"""
            CREATE TABLE folders (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL COLLATE NOCASE UNIQUE,
                note_count INTEGER NOT NULL DEFAULT 0,
                created_at {Timestamp})
            """,
            $"""
            CREATE TABLE notes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                folder_id INTEGER NOT NULL REFERENCES folders (id),
                title TEXT NOT NULL COLLATE NOCASE,
                body TEXT NOT NULL DEFAULT '',
                created_at {Timestamp},
                updated_at {Timestamp},
                UNIQUE (folder_id, title))
            """,
            "CREATE INDEX notes_by_folder ON notes (folder_id, id)",
        ],
    ];

    private static readonly TimeSpan[] BusyBackoff =
        [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>The version this build of the service needs.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies the missing steps; a no-op (and a read only) when the schema is current.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The version found before migrating.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var wait = MigrationWait();
        var waitStarted = (long?)null;
        var found = 0;
        var busyAttempts = 0;
        while (true)
        {
            try
            {
                // Reading first keeps start-up working with a read-only token once the schema is current.
                found = await ReadVersionAsync(cancellationToken);
                if (found >= LatestVersion)
                {
                    LogCurrent(logger, found);
                    return found;
                }

                await ApplyAsync(cancellationToken);
                return found;
            }
            catch (LibsqlException e) when (e.IsTransient && busyAttempts < BusyBackoff.Length)
            {
                // Another instance holds the write lock, or the database is not reachable yet: wait and re-check.
                LogRetry(logger, e.Code ?? e.Kind.ToString(), busyAttempts + 1);
                await Task.Delay(BusyBackoff[busyAttempts++], cancellationToken);
            }
            catch (LibsqlException e) when (e.Kind == LibsqlErrorKind.Forbidden)
            {
                if (waitStarted is null)
                {
                    waitStarted = TimeProvider.System.GetTimestamp();
                    if (wait > TimeSpan.Zero)
                    {
                        LogWaiting(logger, found, LatestVersion, wait);
                    }
                }

                if (TimeProvider.System.GetElapsedTime(waitStarted.Value) >= wait)
                {
                    throw new InvalidOperationException(
                        $"The database schema is at version {found} and this service needs version {LatestVersion}, but its " +
                        "token is read-only. Start one instance with a read-write token to migrate the schema first" +
                        (wait > TimeSpan.Zero ? $" (waited {wait} for one, {MigrationWaitKey})." : $", or set {MigrationWaitKey} to wait for one."), e);
                }

                await Task.Delay(MigrationPollInterval, cancellationToken);
            }
        }
    }

    private TimeSpan MigrationWait()
    {
        var text = configuration[MigrationWaitKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var wait) && wait >= TimeSpan.Zero
            ? wait
            : throw new InvalidOperationException($"{MigrationWaitKey} is '{text}'; give a non-negative TimeSpan such as 00:01:00.");
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(LibsqlTransactionMode.Write, cancellationToken);
        await transaction.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at {Timestamp})",
            cancellationToken: cancellationToken);
        var current = (await transaction.ExecuteAsync(
            "SELECT COALESCE(MAX(version), 0) AS version FROM schema_version", cancellationToken: cancellationToken))
            .Rows[0].GetValue<int>("version");

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            foreach (var statement in Steps[version - 1])
            {
                await transaction.ExecuteAsync(statement, cancellationToken: cancellationToken);
            }

            await transaction.ExecuteAsync(
                "INSERT INTO schema_version (version) VALUES (:version)", new { version }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (current < LatestVersion)
        {
            LogMigrated(logger, current, LatestVersion);
        }
        else
        {
            LogCurrent(logger, current);
        }
    }

    private async Task<int> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var table = await db.ExecuteAsync(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'", cancellationToken: cancellationToken);
        if (table.Rows.Count == 0)
        {
            return 0;
        }

        var result = await db.ExecuteAsync(
            "SELECT COALESCE(MAX(version), 0) AS version FROM schema_version", cancellationToken: cancellationToken);
        return result.Rows[0].GetValue<int>("version");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current (version {Version})")]
    private static partial void LogCurrent(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema migrated from version {From} to {To}")]
    private static partial void LogMigrated(ILogger logger, int from, int to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is at version {Found}, this service needs {Latest}, and its token is read-only: waiting up to {Wait} for a read-write instance to migrate it")]
    private static partial void LogWaiting(ILogger logger, int found, int latest, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database busy while migrating the schema ({Reason}); retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, string reason, int attempt);
}
