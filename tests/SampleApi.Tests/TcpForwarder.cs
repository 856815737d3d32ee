using System.Net;
using System.Net.Sockets;

namespace SampleApi.Tests;

/// <summary>
/// A loopback TCP port that forwards each connection to the current target, or drops it while there is none. A test
/// can stop a server and start another on any free port while its clients keep the forwarder's address, which stays
/// bound throughout: nothing can take it in between.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile IPEndPoint? _target;

    /// <summary>Starts forwarding to <paramref name="target"/>.</summary>
    /// <param name="target">Where connections go.</param>
    public TcpForwarder(Uri target)
    {
        Target = target;
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The forwarder's own address.</summary>
    public Uri Uri { get; }

    /// <summary>Where new connections go (loopback, the URI's port); null drops them, like a server that is down.</summary>
    public Uri? Target
    {
        get => _target is { } target ? new Uri($"http://127.0.0.1:{target.Port}/") : null;
        set => _target = value is null ? null : new IPEndPoint(IPAddress.Loopback, value.Port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            if (_target is not { } target)
            {
                return;
            }

            using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(target, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                return;
            }

            // Either side closing ends the pair, so a stopped server also ends the connections pooled to it.
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            await Task.WhenAny(PumpAsync(client, server, done.Token), PumpAsync(server, client, done.Token));
            await done.CancelAsync();
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
