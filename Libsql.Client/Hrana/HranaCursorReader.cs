namespace Libsql.Client.Hrana;

/// <summary>
/// Reads a cursor response as it arrives: JSON lines (<c>/v3/cursor</c>) or length-delimited Protobuf
/// (<c>/v3-protobuf/cursor</c>). Holds one read buffer, never the whole response.
/// </summary>
internal sealed class HranaCursorReader
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _protobuf;
    private byte[] _buffer = [];
    private int _start;
    private int _end;

    public HranaCursorReader(Stream stream, bool protobuf)
    {
        _protobuf = protobuf;
        if (protobuf)
        {
            // The Protobuf framing reads its length prefix a byte at a time; buffer so that is not a read per byte.
            _stream = new BufferedStream(stream, BufferSize);
        }
        else
        {
            _stream = stream;
            _buffer = new byte[BufferSize];
        }
    }

    public async ValueTask<HranaCursorResponse> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (_protobuf)
        {
            var message = await HranaProtobuf.ReadDelimitedAsync(_stream, cancellationToken).ConfigureAwait(false)
                ?? throw new HranaFormatException("The cursor response is empty.");
            return HranaProtobuf.DeserializeCursorResponse(message);
        }

        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new HranaFormatException("The cursor response is empty.");
        return HranaJson.DeserializeCursorResponse(line.Span);
    }

    /// <summary>The next entry, or null at the end of the response.</summary>
    public async ValueTask<HranaCursorEntry?> ReadEntryAsync(CancellationToken cancellationToken)
    {
        if (_protobuf)
        {
            var message = await HranaProtobuf.ReadDelimitedAsync(_stream, cancellationToken).ConfigureAwait(false);
            return message is null ? null : HranaProtobuf.DeserializeCursorEntry(message);
        }

        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is null ? null : HranaJson.DeserializeCursorEntry(line.Value.Span);
    }

    /// <summary>The next non-empty line; valid until the next call.</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                if (line.Span.Trim((byte)'\r').IsEmpty)
                {
                    continue;
                }

                return line;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                // A single line longer than the buffer (a very wide row): grow to fit it.
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return null;
                }

                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return last;
            }

            _end += read;
        }
    }
}
