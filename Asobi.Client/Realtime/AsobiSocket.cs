using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client.Realtime;

/// <summary>
/// The realtime connection: <c>session.connect</c> declaring <c>migrate</c>, requests correlated by <c>cid</c> with
/// timeouts, heartbeats, pushes as events, reconnects with backoff, and transparent migration: when the server
/// answers <c>match.migrate</c> the socket moves to the match's host node, authenticates there and joins the match,
/// and the game sees <c>match.joined</c> and the <c>match.state</c> frames continue. After a lost connection it comes
/// back through the entry point and rejoins the match and chat channels it was in. It stops for good on
/// <c>session_revoked</c>, on a token the server refuses even after a refresh, and on <see cref="DisposeAsync"/>.
/// Events are raised on the socket's receive loop, one at a time; keep handlers short (a Unity game queues them for
/// its main thread).
/// </summary>
public sealed class AsobiSocket : IAsyncDisposable
{
    private const int MaxInboundFrameBytes = 4 * 1024 * 1024;

    private readonly Uri entryUrl;
    private readonly SessionKeeper sessions;
    private readonly AsobiSocketOptions options;
    private readonly Channel<Outgoing> outbox;
    private readonly PendingRequests pending = new();
    private readonly Backoff backoff;
    private readonly CancellationTokenSource life = new();
    private readonly object gate = new();
    private readonly HashSet<string> channels = new(StringComparer.Ordinal);
    private static readonly string[] BuiltInFeatures = ["migrate"];
    private readonly string[] features;
    private Task? runner;
    private ClientWebSocket? current;
    private Connection? serving;
    private Migration? migration;
    private Guid? matchId;
    private string? nodeId;
    private Guid? playerId;
    private int disposed;
    private int stopped;

    internal AsobiSocket(Uri entryUrl, SessionKeeper sessions, AsobiSocketOptions? options)
    {
        this.entryUrl = entryUrl;
        this.sessions = sessions;
        this.options = options ?? new AsobiSocketOptions();
        backoff = new Backoff(this.options.ReconnectMinDelay, this.options.ReconnectMaxDelay);
        outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(Math.Max(1, this.options.SendQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        features = BuiltInFeatures.Concat(this.options.Features).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every push (a frame without <c>cid</c>), typed or not, after the typed event for it.</summary>
    public event Action<AsobiPush>? Received;

    public event Action<MatchMatched>? MatchMatched;

    /// <summary>Seated in a match: after the matchmaker's join, a <see cref="JoinMatchAsync"/>, a migration or a rejoin.</summary>
    public event Action<MatchJoined>? MatchJoined;

    /// <summary>A <c>match.state</c> payload: whatever the game mode's state function returns.</summary>
    public event Action<JsonElement>? MatchState;

    public event Action<MatchFinished>? MatchFinished;

    /// <summary>A game-defined <c>match.&lt;event&gt;</c> push (not matched, joined, state, finished or migrate).</summary>
    public event Action<AsobiPush>? MatchEvent;

    public event Action<ChatMessage>? ChatMessage;

    public event Action<ChatMessage>? DirectMessage;

    public event Action<Notification>? Notification;

    public event Action<PresenceChanged>? PresenceChanged;

    /// <summary>An <c>error</c> frame that answers no pending request, a failed rejoin, or a handler that threw.</summary>
    public event Action<AsobiSocketException>? Error;

    /// <summary>The socket moved to the host of a match.</summary>
    public event Action<MatchMigration>? Migrated;

    /// <summary>A connection ended; see <see cref="AsobiDisconnect.WillReconnect"/>.</summary>
    public event Action<AsobiDisconnect>? Disconnected;

    /// <summary>Authenticated again after a lost connection (its match and channels are being rejoined).</summary>
    public event Action? Reconnected;

    /// <summary>The node holding the socket now (<c>session.connected</c>'s <c>node_id</c>); null before connecting.</summary>
    public string? NodeId => Volatile.Read(ref nodeId);

    public Guid? PlayerId => playerId;

    /// <summary>The match the player is seated in, as far as this socket knows; null when none.</summary>
    public Guid? MatchId
    {
        get
        {
            lock (gate)
            {
                return matchId;
            }
        }
    }

    /// <summary>True while a connection is authenticated.</summary>
    public bool IsConnected => Volatile.Read(ref current) is { State: WebSocketState.Open } && Volatile.Read(ref nodeId) is not null;

    /// <summary>Opens the socket through the entry point and authenticates it; afterwards the socket keeps itself connected.</summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        if (runner is not null)
        {
            throw new InvalidOperationException("ConnectAsync was already called on this socket.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, life.Token);
        var ws = await OpenAsync(entryUrl, linked.Token).ConfigureAwait(false);
        runner = Task.Run(() => RunAsync(ws), CancellationToken.None);
    }

    /// <summary>Sends a request and waits for its reply's payload; an <c>error</c> reply throws <see cref="AsobiSocketException"/>.</summary>
    public Task<JsonElement> RequestAsync(string type, object? payload = null, CancellationToken ct = default) =>
        RequestAsync(type, payload, surfaceReply: false, ct);

    /// <summary>A request whose reply is read as <typeparamref name="T"/>.</summary>
    public async Task<T> RequestAsync<T>(string type, object? payload = null, CancellationToken ct = default) =>
        AsobiJson.Read<T>(await RequestAsync(type, payload, ct).ConfigureAwait(false));

    /// <summary>Queues a frame that expects no reply (<c>match.input</c>, <c>chat.send</c> without confirmation).
    /// Throws <c>client.send_queue_full</c> when the queue is full rather than waiting.</summary>
    public void Send(string type, object? payload = null)
    {
        ThrowIfDisposed();
        Enqueue(new Outgoing(Serialize(type, payload, null), null));
    }

    public Task<long> HeartbeatAsync(CancellationToken ct = default) => HeartbeatCoreAsync(ct);

    // --- matches -------------------------------------------------------------------------------------------------

    /// <summary>Joins a match; when it runs on another node the socket migrates there first and this returns the host's answer.</summary>
    public async Task<MatchJoined> JoinMatchAsync(Guid match, CancellationToken ct = default) =>
        AsobiJson.Read<MatchJoined>(await RequestAsync("match.join", new { match_id = match }, surfaceReply: false, ct).ConfigureAwait(false));

    public async Task<MatchJoined> FindOrCreateMatchAsync(string mode, CancellationToken ct = default) =>
        AsobiJson.Read<MatchJoined>(await RequestAsync("match.find_or_create", new { mode }, surfaceReply: false, ct).ConfigureAwait(false));

    /// <summary>Sends an input to the match (fire-and-forget, applied at the next tick).</summary>
    public void SendMatchInput(object input) => Send("match.input", input);

    public async Task LeaveMatchAsync(CancellationToken ct = default)
    {
        await RequestAsync("match.leave", new { }, ct).ConfigureAwait(false);
        lock (gate)
        {
            matchId = null;
        }
    }

    public async Task<IReadOnlyList<MatchSummary>> ListMatchesAsync(string? mode = null, bool? hasCapacity = null, CancellationToken ct = default) =>
        (await RequestAsync<MatchSummaryList>("match.list", new { mode, has_capacity = hasCapacity }, ct).ConfigureAwait(false)).Matches;

    // --- matchmaker ----------------------------------------------------------------------------------------------

    public Task<MatchmakerTicket> AddToMatchmakerAsync(string mode, object? properties = null, string? partyId = null, CancellationToken ct = default) =>
        RequestAsync<MatchmakerTicket>("matchmaker.add", new { mode, properties, party_id = partyId }, ct);

    public Task RemoveFromMatchmakerAsync(Guid ticketId, CancellationToken ct = default) =>
        RequestAsync("matchmaker.remove", new { ticket_id = ticketId }, ct);

    // --- chat, DMs, presence -------------------------------------------------------------------------------------

    /// <summary>Joins a chat channel (<c>global:…</c>, <c>room:&lt;group&gt;</c>, <c>match:&lt;match&gt;</c>); rejoined after reconnects.</summary>
    public async Task JoinChatAsync(string channelId, CancellationToken ct = default)
    {
        await RequestAsync("chat.join", new { channel_id = channelId }, ct).ConfigureAwait(false);
        lock (gate)
        {
            channels.Add(channelId);
        }
    }

    public async Task LeaveChatAsync(string channelId, CancellationToken ct = default)
    {
        lock (gate)
        {
            channels.Remove(channelId);
        }

        await RequestAsync("chat.leave", new { channel_id = channelId }, ct).ConfigureAwait(false);
    }

    public Task<ChatSent> SendChatAsync(string channelId, string content, CancellationToken ct = default) =>
        RequestAsync<ChatSent>("chat.send", new { channel_id = channelId, content }, ct);

    public Task<DirectSent> SendDirectAsync(Guid recipientId, string content, CancellationToken ct = default) =>
        RequestAsync<DirectSent>("dm.send", new { recipient_id = recipientId, content }, ct);

    public Task UpdatePresenceAsync(string status, CancellationToken ct = default) =>
        RequestAsync("presence.update", new { status }, ct);

    /// <summary>Closes the socket (code 1000) and stops reconnecting; pending requests fail with <c>client.closed</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        // Sending stops first so the close frame is the last one out; the server's answer ends the receive loop.
        if (Volatile.Read(ref serving) is { } connection)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }

        if (runner is not null)
        {
            await Task.WhenAny(runner, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
            life.Cancel();
            await runner.ConfigureAwait(false);
        }
        else
        {
            life.Cancel();
        }

        Volatile.Write(ref stopped, 1);
        outbox.Writer.TryComplete();
        pending.FailAll(() => new AsobiSocketException("client.closed", "the socket was closed"));
        life.Dispose();
    }

    // --- connection lifecycle ------------------------------------------------------------------------------------

    private async Task<JsonElement> RequestAsync(string type, object? payload, bool surfaceReply, CancellationToken ct)
    {
        ThrowIfDisposed();
        var request = pending.Add(type, options.RequestTimeout, surfaceReply);
        try
        {
            Enqueue(new Outgoing(Serialize(type, payload, request.Cid), request));
        }
        catch (Exception e)
        {
            pending.Fail(request.Cid, e);
            throw;
        }

        if (!ct.CanBeCanceled)
        {
            return await request.Completion.Task.ConfigureAwait(false);
        }

        // A cancelled wait gives up on the reply; the request itself may still reach the server.
        using (ct.Register(() => pending.Fail(request.Cid, new OperationCanceledException(ct))))
        {
            return await request.Completion.Task.ConfigureAwait(false);
        }
    }

    private async Task<long> HeartbeatCoreAsync(CancellationToken ct) =>
        (await RequestAsync<HeartbeatReply>("session.heartbeat", new { }, ct).ConfigureAwait(false)).Ts;

    private void Enqueue(Outgoing frame)
    {
        if (Volatile.Read(ref stopped) == 1)
        {
            throw new AsobiSocketException("client.closed", "the socket has stopped; create a new one to connect again");
        }

        if (frame.Bytes.Length > options.MaxFrameBytes)
        {
            throw new AsobiSocketException("client.frame_too_large", $"the frame is {frame.Bytes.Length} bytes; the limit is {options.MaxFrameBytes}");
        }

        if (!outbox.Writer.TryWrite(frame))
        {
            throw new AsobiSocketException("client.send_queue_full", $"{options.SendQueueCapacity} frames already wait to be sent");
        }
    }

    private async Task RunAsync(ClientWebSocket ws)
    {
        var initial = new List<Outgoing>();
        while (true)
        {
            var end = await ServeAsync(ws, initial).ConfigureAwait(false);
            Volatile.Write(ref nodeId, null);
            Migration? move;
            lock (gate)
            {
                move = migration;
                migration = null;
            }

            // Requests written to the old connection have no answer coming; a join being carried to the host keeps waiting.
            pending.FailWritten(r => move?.Cid == r.Cid, () => new AsobiSocketException("client.connection_lost", "the connection ended before the reply"));
            if (Volatile.Read(ref disposed) == 1)
            {
                Raise(Disconnected, new AsobiDisconnect(end.Status, "client.closed", false));
                return;
            }

            if (end.Reason == "session_revoked")
            {
                Stop(new AsobiDisconnect(end.Status, end.Reason, false), new AsobiSocketException("session_revoked", "the session was revoked"));
                return;
            }

            if (move is null)
            {
                Raise(Disconnected, new AsobiDisconnect(end.Status, end.Reason, true));
            }

            var (next, failure) = await ReconnectAsync(move).ConfigureAwait(false);
            if (next is null)
            {
                Stop(new AsobiDisconnect(end.Status, failure?.Code ?? "client.closed", false), failure);
                return;
            }

            ws = next;
            initial = Rejoin(move);
            if (move is not null && NodeId is { } to)
            {
                Raise(Migrated, new MatchMigration(move.MatchId, end.NodeId ?? "", to, move.Url));
            }
            else
            {
                Raise(Reconnected);
            }
        }
    }

    /// <summary>Connects again: straight to the host when migrating, else through the entry point after a backoff wait.</summary>
    private async Task<(ClientWebSocket? Socket, AsobiSocketException? Failure)> ReconnectAsync(Migration? move)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (options.MaxReconnectAttempts is { } max && attempt >= max)
            {
                return (null, new AsobiSocketException("client.reconnect_failed", $"no connection after {attempt} attempts"));
            }

            // A migration goes at once; if the host cannot be reached the entry point is tried next, and the
            // rejoin there is answered with the host's address again (or the match's end).
            var url = move is not null && attempt == 0 ? move.Url : entryUrl;
            if (url == entryUrl)
            {
                try
                {
                    await Task.Delay(backoff.Delay(move is null ? attempt : attempt - 1), life.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return (null, null);
                }
            }

            try
            {
                return (await OpenAsync(url, life.Token).ConfigureAwait(false), null);
            }
            catch (AsobiSocketException e) when (e.Code is "unauthenticated" or "auth.invalid_refresh_token")
            {
                return (null, e);
            }
            catch (OperationCanceledException) when (life.IsCancellationRequested)
            {
                return (null, null);
            }
            catch (Exception)
            {
                // Node down, network cut, entry point not ready: try again after the next wait.
            }
        }
    }

    /// <summary>What goes first on a new connection: the join of the match being migrated to or still held, then the chat channels.</summary>
    private List<Outgoing> Rejoin(Migration? move)
    {
        var frames = new List<Outgoing>();
        Guid? match;
        string[] joined;
        lock (gate)
        {
            match = move?.MatchId ?? matchId;
            joined = [.. channels];
        }

        if (match is { } id)
        {
            // The caller's own match.join (answered with match.migrate) continues under its cid; otherwise the
            // reply is surfaced as the push it replaces, so the game sees match.joined as it would on the host.
            var request = move?.Cid is { } cid && pending.TryGet(cid, out var waiting)
                ? waiting
                : pending.Add("match.join", options.RequestTimeout, surfaceReply: true);
            request.Written = false;
            _ = ReportFailureAsync(request);
            frames.Add(new Outgoing(Serialize("match.join", new { match_id = id }, request.Cid), request));
        }

        foreach (var channel in joined)
        {
            var request = pending.Add("chat.join", options.RequestTimeout);
            _ = ReportFailureAsync(request);
            frames.Add(new Outgoing(Serialize("chat.join", new { channel_id = channel }, request.Cid), request));
        }

        return frames;
    }

    private async Task ReportFailureAsync(PendingRequests.Request request)
    {
        try
        {
            await request.Completion.Task.ConfigureAwait(false);
        }
        catch (AsobiSocketException e)
        {
            if (request.Type == "match.join" && !e.IsClientError)
            {
                // The match is gone (finished or its host died): nothing to rejoin any more.
                lock (gate)
                {
                    matchId = null;
                }
            }

            if (request.SurfaceReply || request.Type == "chat.join")
            {
                Raise(Error, e);
            }
        }
    }

    private void Stop(AsobiDisconnect disconnect, AsobiSocketException? error)
    {
        Volatile.Write(ref stopped, 1);
        Raise(Disconnected, disconnect);
        outbox.Writer.TryComplete();
        pending.FailAll(() => error ?? new AsobiSocketException("client.closed", "the socket stopped"));
    }

    /// <summary>Opens <paramref name="url"/> and authenticates with the current access token, refreshing it once if refused.</summary>
    private async Task<ClientWebSocket> OpenAsync(Uri url, CancellationToken ct)
    {
        var ws = new ClientWebSocket();
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectTimeout.CancelAfter(options.RequestTimeout);
                await ws.ConnectAsync(url, connectTimeout.Token).ConfigureAwait(false);
            }

            var refreshed = false;
            while (true)
            {
                var session = sessions.Current ?? throw new InvalidOperationException("Not signed in: register, log in or set a session first.");
                var reply = await HandshakeAsync(ws, session.AccessToken, ct).ConfigureAwait(false);
                if (reply.Type == "session.connected")
                {
                    var connected = AsobiJson.Read<SessionConnected>(reply.Payload);
                    playerId = connected.PlayerId;
                    Volatile.Write(ref nodeId, connected.NodeId);
                    Volatile.Write(ref current, ws);
                    return ws;
                }

                var error = AsobiSocketException.FromErrorPayload(reply.Payload);
                if (error.Code != "unauthenticated" || refreshed)
                {
                    throw error;
                }

                // An expired access token (a long match, a night offline): one refresh, then the same socket again.
                refreshed = true;
                try
                {
                    await sessions.RefreshAsync(session, ct).ConfigureAwait(false);
                }
                catch (AsobiApiException e)
                {
                    throw new AsobiSocketException(e.Code, e.ServerMessage, inner: e);
                }
            }
        }
        catch
        {
            ws.Abort();
            ws.Dispose();
            throw;
        }
    }

    private async Task<AsobiPush> HandshakeAsync(ClientWebSocket ws, string token, CancellationToken ct)
    {
        var cid = "connect";
        var frame = Serialize("session.connect", new { token, features }, cid);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.RequestTimeout);
        await ws.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
        while (true)
        {
            var bytes = await ReceiveFrameAsync(ws, timeout.Token).ConfigureAwait(false)
                ?? throw new AsobiSocketException("client.connection_lost", "the server closed the socket during session.connect");
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var payload = root.TryGetProperty("payload", out var p) ? p.Clone() : default;
            if (root.TryGetProperty("cid", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() == cid)
            {
                return new AsobiPush(type, payload);
            }
        }
    }

    /// <summary>Runs one authenticated connection until it ends: receiving, sending and heartbeats.</summary>
    private async Task<ConnectionEnd> ServeAsync(ClientWebSocket ws, List<Outgoing> initial)
    {
        var servedNode = NodeId;
        using var connection = new Connection(ws, life.Token);
        connection.Sending = SendLoopAsync(connection, initial);
        var beating = HeartbeatLoopAsync(ws, connection.Token);
        Volatile.Write(ref serving, connection);
        if (Volatile.Read(ref disposed) == 1)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }

        var end = new ConnectionEnd(null, "client.connection_lost", servedNode);
        try
        {
            while (true)
            {
                var bytes = await ReceiveFrameAsync(ws, life.Token).ConfigureAwait(false);
                if (bytes is null)
                {
                    end = new ConnectionEnd((int?)ws.CloseStatus, ws.CloseStatusDescription, servedNode);
                    break;
                }

                if (Dispatch(bytes))
                {
                    break; // migrating: this connection is done
                }
            }
        }
        catch (Exception)
        {
            // Reset, aborted by a failed heartbeat, a malformed frame, disposal: the connection is over.
        }

        Interlocked.CompareExchange(ref serving, null, connection);
        Interlocked.CompareExchange(ref current, null, ws);
        await connection.CloseAsync().ConfigureAwait(false);
        try
        {
            await beating.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its failure is this connection's end, already recorded.
        }

        ws.Dispose();
        return end;
    }

    private async Task SendLoopAsync(Connection connection, List<Outgoing> initial)
    {
        var ws = connection.Socket;
        var ct = connection.Token;
        try
        {
            foreach (var frame in initial)
            {
                await WriteAsync(ws, frame, ct).ConfigureAwait(false);
            }

            while (await outbox.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (outbox.Reader.TryRead(out var frame))
                {
                    if (frame.Request is { } r && !pending.TryGet(r.Cid, out _))
                    {
                        continue; // timed out or cancelled while queued: the caller has given up on it
                    }

                    await WriteAsync(ws, frame, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            ws.Abort(); // a failed write ends the connection; the receive loop sees it and reconnects
        }
    }

    private static async Task WriteAsync(ClientWebSocket ws, Outgoing frame, CancellationToken ct)
    {
        if (frame.Request is { } r)
        {
            r.Written = true;
        }

        await ws.SendAsync(new ArraySegment<byte>(frame.Bytes), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
    }

    private async Task HeartbeatLoopAsync(ClientWebSocket ws, CancellationToken ct)
    {
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(options.HeartbeatInterval, ct).ConfigureAwait(false);
                try
                {
                    await HeartbeatCoreAsync(ct).ConfigureAwait(false);
                }
                catch (AsobiSocketException e) when (e.Code is "client.timeout" or "client.send_queue_full")
                {
                    // No answer: the node or the path to it is gone even if TCP has not noticed yet.
                    ws.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (AsobiSocketException)
        {
            // connection_lost / closed: the connection is ending anyway
        }
    }

    /// <summary>Handles one inbound frame; true when it starts a migration (the connection should end).</summary>
    private bool Dispatch(byte[] bytes)
    {
        string type;
        string? cid;
        JsonElement payload;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            cid = root.TryGetProperty("cid", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            payload = root.TryGetProperty("payload", out var p) ? p.Clone() : default;
        }
        catch (JsonException e)
        {
            Raise(Error, new AsobiSocketException("client.invalid_frame", "the server sent a frame that is not JSON", inner: e));
            return false;
        }

        if (cid is not null && pending.TryGet(cid, out var request))
        {
            if (type == "match.migrate")
            {
                return BeginMigration(payload, cid);
            }

            if (type == "error")
            {
                pending.Fail(cid, AsobiSocketException.FromErrorPayload(payload));
                return false;
            }

            Track(type, payload);
            pending.Complete(cid, payload);
            if (request.SurfaceReply)
            {
                Push(type, payload);
            }

            return false;
        }

        switch (type)
        {
            case "match.migrate":
                return BeginMigration(payload, null);
            case "error":
                Raise(Error, AsobiSocketException.FromErrorPayload(payload));
                return false;
            default:
                Track(type, payload);
                Push(type, payload);
                return false;
        }
    }

    private bool BeginMigration(JsonElement payload, string? cid)
    {
        MigrateTo to;
        try
        {
            to = AsobiJson.Read<MigrateTo>(payload);
        }
        catch (JsonException e)
        {
            Raise(Error, new AsobiSocketException("client.invalid_frame", "match.migrate without a match and a url", inner: e));
            return false;
        }

        if (!Uri.TryCreate(to.Url, UriKind.Absolute, out var url))
        {
            Raise(Error, new AsobiSocketException("client.invalid_frame", $"match.migrate names no usable url ({to.Url})"));
            return false;
        }

        lock (gate)
        {
            migration = new Migration(to.MatchId, url, cid);
        }

        return true;
    }

    /// <summary>Keeps what a reconnect needs to rejoin: the match the player sits in.</summary>
    private void Track(string type, JsonElement payload)
    {
        if (type is not ("match.joined" or "match.finished") || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("match_id", out var m) || !Guid.TryParse(m.GetString(), out var id))
        {
            return;
        }

        lock (gate)
        {
            if (type == "match.joined")
            {
                matchId = id;
            }
            else if (matchId == id)
            {
                matchId = null;
            }
        }
    }

    private void Push(string type, JsonElement payload)
    {
        var push = new AsobiPush(type, payload);
        try
        {
            switch (type)
            {
                case "match.matched":
                    MatchMatched?.Invoke(push.Read<MatchMatched>());
                    break;
                case "match.joined":
                    MatchJoined?.Invoke(push.Read<MatchJoined>());
                    break;
                case "match.state":
                    MatchState?.Invoke(payload);
                    break;
                case "match.finished":
                    MatchFinished?.Invoke(push.Read<MatchFinished>());
                    break;
                case "chat.message":
                    ChatMessage?.Invoke(push.Read<ChatMessage>());
                    break;
                case "dm.message":
                    DirectMessage?.Invoke(push.Read<ChatMessage>());
                    break;
                case "notification.new":
                    Notification?.Invoke(push.Read<Notification>());
                    break;
                case "presence.changed":
                    PresenceChanged?.Invoke(push.Read<PresenceChanged>());
                    break;
                default:
                    if (type.StartsWith("match.", StringComparison.Ordinal))
                    {
                        MatchEvent?.Invoke(push);
                    }

                    break;
            }

            Received?.Invoke(push);
        }
        catch (Exception e)
        {
            Raise(Error, new AsobiSocketException("client.handler_failed", $"a handler of {type} threw: {e.Message}", inner: e));
        }
    }

    private static void Raise<T>(Action<T>? handler, T value)
    {
        try
        {
            handler?.Invoke(value);
        }
        catch (Exception)
        {
            // A throwing handler must not take the connection down with it.
        }
    }

    private static void Raise(Action? handler)
    {
        try
        {
            handler?.Invoke();
        }
        catch (Exception)
        {
            // As above.
        }
    }

    private static async Task<byte[]?> ReceiveFrameAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxInboundFrameBytes)
            {
                throw new AsobiSocketException("client.frame_too_large", "the server sent a frame over 4 MiB");
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? message.ToArray() : [];
            }
        }
    }

    private static byte[] Serialize(string type, object? payload, string? cid)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("payload");
            JsonSerializer.Serialize(writer, payload ?? new { }, payload?.GetType() ?? typeof(object), AsobiJson.Options);
            if (cid is not null)
            {
                writer.WriteString("cid", cid);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            throw new ObjectDisposedException(nameof(AsobiSocket));
        }
    }

    private sealed record Outgoing(byte[] Bytes, PendingRequests.Request? Request);

    private sealed record Migration(Guid MatchId, Uri Url, string? Cid);

    private sealed record ConnectionEnd(int? Status, string? Reason, string? NodeId);

    /// <summary>One connection's socket and send loop; closing stops the loop before the close frame goes out,
    /// since a WebSocket allows only one send at a time.</summary>
    private sealed class Connection(ClientWebSocket socket, CancellationToken life) : IDisposable
    {
        private readonly CancellationTokenSource sending = CancellationTokenSource.CreateLinkedTokenSource(life);
        private int closed;

        public ClientWebSocket Socket => socket;

        public CancellationToken Token => sending.Token;

        public Task Sending { get; set; } = Task.CompletedTask;

        public async Task CloseAsync()
        {
            if (Interlocked.Exchange(ref closed, 1) == 1)
            {
                return;
            }

            sending.Cancel();
            await Sending.ConfigureAwait(false);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                socket.Abort();
            }
        }

        public void Dispose() => sending.Dispose();
    }
}
