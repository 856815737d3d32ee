using System.Diagnostics;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>One open cursor over a single statement: rows are decoded one at a time from the response stream.</summary>
internal sealed class LibsqlCursor : IAsyncDisposable
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

    public static async Task<LibsqlCursor> OpenAsync(LibsqlClient client, HranaStatement statement, CancellationToken cancellationToken)
    {
        var parent = Activity.Current;
        var operation = LibsqlOperation.Start(client, "cursor", statement.Sql);
        HttpResponseMessage? response = null;
        try
        {
            var opened = await client.Transport.OpenCursorAsync(
                new CursorRequest { Batch = new HranaBatch { Steps = [new HranaBatchStep { Stmt = statement }] } },
                null,
                cancellationToken).ConfigureAwait(false);
            response = opened.Response;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var cursor = new LibsqlCursor(client, response, body, opened.Protocol == LibsqlProtocol.Protobuf, statement.Sql, operation);
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
        if (_done)
        {
            return false;
        }

        try
        {
            while (true)
            {
                var entry = await _reader.ReadEntryAsync(cancellationToken).ConfigureAwait(false);
                switch (entry)
                {
                    case null:
                        _done = true;
                        Current = null;
                        _operation.Succeed();
                        return false;
                    case RowEntry row:
                        Current = new LibsqlRow(_columns ?? throw new HranaFormatException("A cursor row arrived before its step_begin."), row.Row);
                        return true;
                    case StepBeginEntry begin:
                        _columns = HranaResults.Columns(begin.Cols);
                        break;
                    case StepErrorEntry stepError:
                        throw _client.Error(stepError.Error, _sql);
                    case ErrorEntry error:
                        throw _client.Error(error.Error, _sql);
                }
            }
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
            await _client.CloseStreamQuietlyAsync(_baton, _baseUrl).ConfigureAwait(false);
        }
    }

    private static Exception Map(Exception ex) => ex switch
    {
        HranaFormatException format => LibsqlErrors.Protocol("The libSQL cursor response could not be decoded: " + format.Message, format),
        HttpRequestException or IOException => new LibsqlException("The libSQL cursor response broke off: " + ex.Message, LibsqlErrorKind.Network, innerException: ex),
        _ => ex,
    };
}
