using System.Threading.Channels;
using Libsql.Client.Hrana;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// A cursor's entries, handed from the thread running SQLite to the request writing them: a full channel makes
/// SQLite wait for the client, and an aborted request stops the statement.
/// </summary>
internal sealed class ChannelCursorSink(ChannelWriter<HranaCursorEntry> writer, CancellationToken aborted) : ICursorSink
{
    public void StepBegin(int step, HranaColumn[] cols) => Write(new HranaStepBeginEntry { Step = (uint)step, Cols = cols });

    public void Row(HranaValue[] row) => Write(new HranaRowEntry { Row = row });

    public void StepEnd(long affectedRowCount, long? lastInsertRowid) =>
        Write(new HranaStepEndEntry { AffectedRowCount = affectedRowCount, LastInsertRowid = lastInsertRowid });

    public void StepError(int step, HranaError error) => Write(new HranaStepErrorEntry { Step = (uint)step, Error = error });

    /// <summary>A failure of the whole cursor (sqld's <c>error</c> entry).</summary>
    public void Error(HranaError error) => Write(new HranaErrorEntry { Error = error });

    /// <summary>No more entries; an exception fails the reader.</summary>
    public void Complete(Exception? error) => writer.TryComplete(error);

    // The producer is a thread SQLite blocks anyway; it waits here for room, or until the request is aborted.
    private void Write(HranaCursorEntry entry)
    {
        if (!writer.TryWrite(entry))
        {
            writer.WriteAsync(entry, aborted).AsTask().GetAwaiter().GetResult();
        }
    }
}
