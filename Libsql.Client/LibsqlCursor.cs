using System.Diagnostics;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>One open cursor over a batch: entries are decoded one at a time from the response stream.</summary>
internal sealed class LibsqlCursor : ILibsqlEntrySource
{
    private readonly LibsqlClient _client;
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly HranaCursorReader _reader;
    private readonly string? _sql;
    private LibsqlOperation _operation;
    private LibsqlColumnSet? _columns;
    private string? _baton;
    private string? _baseUrl;
    private bool _done;

    private LibsqlCursor(LibsqlClient client, HttpResponseMessage response, Stream body, bool protobuf, string? sql, LibsqlOperation operation)
    {
        _client = client;
        _response = response;
        _body = body;
        _reader = new HranaCursorReader(body, protobuf);
        _sql = sql;
        _operation = operation;
    }

    public LibsqlRow? Current { get; private set; }

    /// <summary>When disposing, close the server's stream in the background instead of waiting for it.</summary>
    public bool CloseInBackground { get; init; }

    public static Task<LibsqlCursor> OpenAsync(LibsqlClient client, HranaStatement statement, CancellationToken cancellationToken) =>
        OpenAsync(client, new HranaBatch { Steps = [new HranaBatchStep { Stmt = statement }] }, statement.Sql, closeInBackground: false, cancellationToken);

    public static async Task<LibsqlCursor> OpenAsync(LibsqlClient client, HranaBatch batch, string? sql, bool closeInBackground, CancellationToken cancellationToken)
    {
        var parent = Activity.Current;
        var operation = LibsqlOperation.Start(client, "cursor", sql, batch.Steps.Count);
        HttpResponseMessage? response = null;
        try
        {
            var opened = await client.Transport.OpenCursorAsync(new HranaCursorRequest { Batch = batch }, null, cancellationToken).ConfigureAwait(false);
            response = opened.Response;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var cursor = new LibsqlCursor(client, response, body, opened.Protocol == LibsqlProtocol.Protobuf, sql, operation) { CloseInBackground = closeInBackground };
            var header = await cursor._reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            cursor._baton = header.Baton;
            cursor._baseUrl = header.BaseUrl;
            return cursor;
        }
        catch (Exception ex)
        {
            response?.Dispose();
            var mapped = Map(ex);
            operation.Fail(mapped);
            if (ReferenceEquals(mapped, ex))
            {
                throw;
            }

            throw mapped;
        }
        finally
        {
            // The span stays open while rows are read, but it must not become the caller's ambient activity.
            Activity.Current = parent;
        }
    }

    /// <summary>Moves to the next row; false at the end.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (await ReadEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            switch (entry)
            {
                case HranaRowEntry row:
                    Current = new LibsqlRow(_columns ?? throw LibsqlErrors.Protocol("The libSQL cursor response could not be decoded: a row arrived before its step_begin."), row.Row);
                    return true;
                case HranaStepBeginEntry begin:
                    _columns = HranaResults.Columns(begin.Cols);
                    break;
                case HranaStepErrorEntry stepError:
                    throw _client.Error(stepError.Error, _sql);
            }
        }

        Current = null;
        return false;
    }

    /// <summary>The next raw entry (null at the end); transport failures become <see cref="LibsqlException"/>s.</summary>
    public async ValueTask<HranaCursorEntry?> ReadEntryAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return null;
        }

        try
        {
            var entry = await _reader.ReadEntryAsync(cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                _done = true;
                _operation.Succeed();
            }
            else if (entry is HranaErrorEntry error)
            {
                throw _client.Error(error.Error, _sql);
            }
            else if (entry is HranaStepErrorEntry stepError)
            {
                // The caller reports the failing step (later entries may still follow, e.g. a batch's ROLLBACK); the
                // span records that the cursor failed.
                _operation.Fail(_client.Error(stepError.Error, null));
            }

            return entry;
        }
        catch (Exception ex)
        {
            _done = true;
            var mapped = Map(ex);
            _operation.Fail(mapped);
            if (ReferenceEquals(mapped, ex))
            {
                throw;
            }

            throw mapped;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            _operation.Succeed();
        }

        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        if (_baton is not null)
        {
            var close = _client.CloseStreamQuietlyAsync(_baton, _baseUrl);
            if (!CloseInBackground)
            {
                await close.ConfigureAwait(false);
            }
        }
    }

    private static Exception Map(Exception ex) => ex switch
    {
        HranaFormatException format => LibsqlErrors.Protocol("The libSQL cursor response could not be decoded: " + format.Message, format),
        HttpRequestException or IOException => new LibsqlException("The libSQL cursor response broke off: " + ex.Message, LibsqlErrorKind.Network, innerException: ex),
        _ => ex,
    };
}
