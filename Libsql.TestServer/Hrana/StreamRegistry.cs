using System.Diagnostics;
using System.Security.Cryptography;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// The open streams, as sqld keeps them (hrana/http/stream.rs): a stream is either available (idle, expiring
/// after <see cref="Expiry"/>), acquired by the one request using it, or expired (answering STREAM_EXPIRED
/// for five minutes, then forgotten, after which its baton is simply invalid).
/// </summary>
internal sealed class StreamRegistry : IDisposable
{
    private static readonly TimeSpan s_cleanup = TimeSpan.FromSeconds(300);

    private readonly Dictionary<ulong, Handle> _handles = [];
    private readonly Lock _gate = new();
    private readonly BatonCodec _batons = new();
    private readonly Timer _timer;
    private bool _disposed;

    private readonly Hosting.ConnectionThrottle _throttle;

    public StreamRegistry(TimeSpan expiry, Hosting.ConnectionThrottle throttle)
    {
        _throttle = throttle;
        Expiry = expiry;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(expiry.TotalMilliseconds / 4, 50, 1000));
        _timer = new Timer(_ => Sweep(), null, period, period);
    }

    public TimeSpan Expiry { get; }

    /// <summary>
    /// Takes the stream a baton names, or creates one when the baton is null. A baton is valid only with the
    /// namespace and the credential that opened its stream (stricter than sqld, which checks neither: a client never
    /// changes them mid-stream, and without the check a baton opened on one namespace runs on it with another's
    /// permissions).
    /// </summary>
    public async Task<HranaStream> AcquireAsync(string? baton, RequestContext context, Func<string, Sql.SqliteSession> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (baton is null)
        {
            var (session, permit) = await OpenConnectionAsync(context.Namespace, open, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                ulong id;
                do
                {
                    id = RandomUInt64();
                }
                while (_handles.ContainsKey(id));

                var stream = new HranaStream(id, RandomUInt64(), context.Namespace, context.Credential, session, permit);
                _handles[id] = new Handle(stream) { State = HandleState.Acquired };
                return stream;
            }
        }

        if (!_batons.TryDecode(baton, out var streamId, out var sequence))
        {
            throw ProtocolException.BatonInvalid();
        }

        HranaStream? expired = null;
        try
        {
            lock (_gate)
            {
                if (!_handles.TryGetValue(streamId, out var handle)
                    || (handle.Stream is { } owner && (owner.Namespace != context.Namespace || owner.Credential != context.Credential)))
                {
                    throw ProtocolException.BatonInvalid();
                }

                if (handle.State == HandleState.Available && Stopwatch.GetTimestamp() >= handle.Deadline)
                {
                    expired = Expire(handle);
                }

                switch (handle.State)
                {
                    case HandleState.Acquired:
                        throw ProtocolException.BatonReused();
                    case HandleState.Expired:
                        throw new StreamExpiredException();
                }

                var stream = handle.Stream!;
                if (stream.Sequence != sequence)
                {
                    throw ProtocolException.BatonReused();
                }

                // The next request must show a new baton, so requests on a stream are strictly serial.
                stream.Sequence++;
                handle.State = HandleState.Acquired;
                return stream;
            }
        }
        finally
        {
            expired?.Close();
        }
    }

    /// <summary>A stream outside the registry, for one request (Hrana v1): the caller closes it.</summary>
    public async Task<HranaStream> OpenDetachedAsync(RequestContext context, Func<string, Sql.SqliteSession> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (session, permit) = await OpenConnectionAsync(context.Namespace, open, cancellationToken).ConfigureAwait(false);
        return new HranaStream(0, 0, context.Namespace, context.Credential, session, permit);
    }

    /// <summary>Makes the stream available again and returns its next baton, or null once it is closed.</summary>
    /// <summary>
    /// The baton <see cref="Release"/> will give for a stream still open: a cursor sends it first, before its rows.
    /// </summary>
    public string NextBaton(HranaStream stream) => _batons.Encode(stream.Id, stream.Sequence);

    public string? Release(HranaStream stream)
    {
        lock (_gate)
        {
            if (stream.IsOpen && !_disposed && _handles.TryGetValue(stream.Id, out var handle))
            {
                handle.State = HandleState.Available;
                handle.Deadline = Stopwatch.GetTimestamp() + (long)(Expiry.TotalSeconds * Stopwatch.Frequency);
                return _batons.Encode(stream.Id, stream.Sequence);
            }

            _handles.Remove(stream.Id);
        }

        stream.Close();
        return null;
    }

    /// <summary>Forgets a stream whose request failed as a whole (sqld drops it: its baton becomes invalid).</summary>
    public void Drop(HranaStream stream)
    {
        lock (_gate)
        {
            _handles.Remove(stream.Id);
        }

        stream.Close();
    }

    /// <summary>Closes the idle streams of a deleted namespace.</summary>
    public void CloseNamespace(string @namespace)
    {
        var closed = new List<HranaStream>();
        lock (_gate)
        {
            foreach (var (id, handle) in _handles.ToArray())
            {
                if (handle.State == HandleState.Available && handle.Stream!.Namespace == @namespace)
                {
                    _handles.Remove(id);
                    closed.Add(handle.Stream);
                }
            }
        }

        closed.ForEach(s => s.Close());
    }

    public void Dispose()
    {
        List<HranaStream> open;
        lock (_gate)
        {
            _disposed = true;

            // A stream still in use by a request is closed by that request's Release or Drop, not under its feet.
            open = _handles.Values.Where(h => h.State == HandleState.Available && h.Stream is not null).Select(h => h.Stream!).ToList();
            _handles.Clear();
        }

        _timer.Dispose();
        open.ForEach(s => s.Close());
    }

    private async Task<(Sql.SqliteSession Session, IDisposable Permit)> OpenConnectionAsync(string @namespace, Func<string, Sql.SqliteSession> open, CancellationToken cancellationToken)
    {
        var permit = await _throttle.AcquireAsync(@namespace, cancellationToken).ConfigureAwait(false);
        try
        {
            return (open(@namespace), permit);
        }
        catch
        {
            permit.Dispose();
            throw;
        }
    }

    private static ulong RandomUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private static HranaStream? Expire(Handle handle)
    {
        var stream = handle.Stream;
        handle.State = HandleState.Expired;
        handle.Stream = null;
        handle.Deadline = Stopwatch.GetTimestamp() + (long)(s_cleanup.TotalSeconds * Stopwatch.Frequency);
        return stream;
    }

    private void Sweep()
    {
        var expired = new List<HranaStream>();
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var (id, handle) in _handles.ToArray())
            {
                if (now < handle.Deadline)
                {
                    continue;
                }

                if (handle.State == HandleState.Available)
                {
                    expired.Add(Expire(handle)!);
                }
                else if (handle.State == HandleState.Expired)
                {
                    _handles.Remove(id);
                }
            }
        }

        expired.ForEach(s => s.Close());
    }

    private enum HandleState
    {
        Available,
        Acquired,
        Expired,
    }

    private sealed class Handle(HranaStream stream)
    {
        public HranaStream? Stream { get; set; } = stream;

        public HandleState State { get; set; }

        public long Deadline { get; set; } = long.MaxValue;
    }
}
