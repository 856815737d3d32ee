using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>Receives a cursor's entries while SQLite steps (sqld's cursor builder), instead of a result in memory.</summary>
internal interface ICursorSink
{
    /// <summary>A step starts producing rows.</summary>
    void StepBegin(int step, HranaColumn[] cols);

    /// <summary>One row of the current step.</summary>
    void Row(HranaValue[] row);

    /// <summary>The current step succeeded.</summary>
    void StepEnd(long affectedRowCount, long? lastInsertRowid);

    /// <summary>A step failed (possibly after it began).</summary>
    void StepError(int step, HranaError error);
}
