using System.Net;
using System.Net.Sockets;
namespace AsnCat.LoadTest.National;

/// <summary>
/// A venue's line to the centre that the run can cut: a TCP forwarder on loopback in front of the
/// centre's proxy (TLS passes through untouched, so the venue still checks the centre's
/// certificate). <see cref="Cut"/> stops listening and drops every open connection, as a dead
/// line does; <see cref="Restore"/> listens again on the same port.
/// </summary>
public sealed class LinkProxy : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly HashSet<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _accepting;

    public LinkProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        Port = ChildProcess.FreePort();
        Restore();
    }

    public int Port { get; }

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _accepting = new CancellationTokenSource();
            _ = AcceptAsync(_listener, _accepting.Token);
        }
    }

    public void Cut()
    {
        lock (_gate)
        {
            _accepting?.Cancel();
            _accepting?.Dispose();
            _accepting = null;
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Dispose();
            }
            _open.Clear();
        }
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = PipeAsync(inbound, ct);
        }
    }

    private async Task PipeAsync(TcpClient inbound, CancellationToken ct)
    {
        var outbound = new TcpClient();
        if (!Track(inbound) || !Track(outbound))
        {
            inbound.Dispose();
            outbound.Dispose();
            return;
        }
        try
        {
            await outbound.ConnectAsync(_target, ct);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // the line was cut or one end closed: both ends go
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private bool Track(TcpClient client)
    {
        lock (_gate)
        {
            return _listener is not null && _open.Add(client);
        }
    }
}
