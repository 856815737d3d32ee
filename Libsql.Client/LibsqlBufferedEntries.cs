using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>A batch result already in memory, replayed as the entries a cursor would have sent.</summary>
internal sealed class LibsqlBufferedEntries(HranaBatchResult result, int stepCount) : ILibsqlEntrySource
{
    private int _step = -1;
    private int _row = -1;
    private bool _inStep;

    public ValueTask<HranaCursorEntry?> ReadEntryAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Next());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private HranaCursorEntry? Next()
    {
        if (_inStep)
        {
            var current = result.StepResults[_step]!;
            if (++_row < current.Rows.Count)
            {
                return new HranaRowEntry { Row = current.Rows[_row] };
            }

            _inStep = false;
            return new HranaStepEndEntry { AffectedRowCount = current.AffectedRowCount, LastInsertRowid = current.LastInsertRowid };
        }

        while (++_step < stepCount)
        {
            if (_step < result.StepErrors.Count && result.StepErrors[_step] is { } error)
            {
                return new HranaStepErrorEntry { Step = (uint)_step, Error = error };
            }

            if (_step < result.StepResults.Count && result.StepResults[_step] is { } stepResult)
            {
                _inStep = true;
                _row = -1;
                return new HranaStepBeginEntry { Step = (uint)_step, Cols = stepResult.Cols };
            }
        }

        return null;
    }
}
