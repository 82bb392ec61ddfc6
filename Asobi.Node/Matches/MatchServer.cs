using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Asobi.Matchmaking;
using Asobi.Node.Matches.Games;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>
/// One authoritative match on this node. Joins, leaves and inputs may come from any thread; inputs wait in a bounded
/// queue (full: the input is dropped and counted, the match goes on) and are applied in arrival order at the next
/// tick. The tick loop runs on a drift-free schedule at the mode's rate and pushes <c>match.state</c> to the players
/// present (encoded once when the state is shared).
/// </summary>
public sealed class MatchServer
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Seat> seats = [];
    private readonly List<Guid> everSeated = [];
    private readonly Channel<PendingInput> inputs;
    private readonly MatchGameContext context;
    private readonly IMatchGame game;
    private readonly IMatchOutput output;
    private readonly MatchMetrics metrics;
    private readonly MatchOptions options;
    private readonly TimeProvider time;
    private readonly DateTimeOffset createdAt;
    private readonly TaskCompletionSource<MatchEnd> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset lastInputAt;
    private MatchEnd? end;
    private long dropped;

    public MatchServer(
        Guid matchId, string mode, GameMode definition, string nodeId, IGameMode gameMode, IEnumerable<Guid> reserved,
        IMatchOutput output, MatchMetrics metrics, MatchOptions options, TimeProvider time, IReadOnlyList<IReadOnlyList<Guid>>? teams = null)
    {
        MatchId = matchId;
        Mode = mode;
        NodeId = nodeId;
        MaxPlayers = definition.MatchSize;
        TickRate = Math.Clamp(definition.TickRate, 1, 60);
        this.output = output;
        this.metrics = metrics;
        this.options = options;
        this.time = time;
        createdAt = lastInputAt = time.GetUtcNow();
        inputs = Channel.CreateBounded<PendingInput>(new BoundedChannelOptions(Math.Max(1, options.InputQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of evicting: we count the drop ourselves
            SingleReader = true,
        });
        context = new MatchGameContext(matchId, mode, new Random(matchId.GetHashCode()), teams);
        game = gameMode.Create(context);
        foreach (var player in reserved)
        {
            seats[player] = new Seat(createdAt + options.SeatGrace);
            everSeated.Add(player);
        }
    }

    public Guid MatchId { get; }

    public string Mode { get; }

    public string NodeId { get; }

    public int MaxPlayers { get; }

    public int TickRate { get; }

    public DateTimeOffset CreatedAt => createdAt;

    /// <summary>Where the match's frames go (the host's output also knows which players other nodes relay).</summary>
    public IMatchOutput Output => output;

    /// <summary>Inputs dropped because the queue was full.</summary>
    public long DroppedInputs => Interlocked.Read(ref dropped);

    /// <summary>Completes when the match has ended (the caller records it).</summary>
    public Task<MatchEnd> Completion => ended.Task;

    public bool IsFinished
    {
        get
        {
            lock (gate)
            {
                return end is not null;
            }
        }
    }

    /// <summary>Whether the player's seat was reserved by the matchmaker rather than taken by a join.</summary>
    public bool IsReserved(Guid playerId)
    {
        lock (gate)
        {
            return seats.TryGetValue(playerId, out var seat) && seat.Reserved;
        }
    }

    /// <summary>Whether the player holds a seat (arrived or reserved).</summary>
    public bool HasSeat(Guid playerId)
    {
        lock (gate)
        {
            return end is null && seats.ContainsKey(playerId);
        }
    }

    /// <summary>Whether the player's seat is held by a connected socket (here, or on the node that relays them).</summary>
    public bool IsConnected(Guid playerId)
    {
        lock (gate)
        {
            return seats.TryGetValue(playerId, out var seat) && seat.Connected;
        }
    }

    /// <summary>
    /// Seats the player (idempotent: a player already seated, or back within the grace period, just reconnects),
    /// then sends them <c>match.joined</c> (with <paramref name="cidJson"/>) and the current state, in that order.
    /// </summary>
    public (JoinOutcome Outcome, MatchInfo Info, bool FirstArrival) Join(Guid playerId, string? cidJson = null)
    {
        lock (gate)
        {
            if (end is not null)
            {
                return (JoinOutcome.Finished, InfoLocked(), false);
            }

            if (!seats.TryGetValue(playerId, out var seat))
            {
                if (seats.Count >= MaxPlayers)
                {
                    return (JoinOutcome.Full, InfoLocked(), false);
                }

                seat = new Seat(null);
                seats[playerId] = seat;
                everSeated.Add(playerId);
            }

            var first = !seat.Arrived;
            if (first)
            {
                seat.Arrived = true;
                game.Join(playerId);
            }

            seat.Connected = true;
            seat.Deadline = null;
            var info = InfoLocked();

            // Sent under the lock so no tick frame can overtake match.joined.
            output.Send(playerId, Envelope.Serialize("match.joined", info, cidJson));
            output.Send(playerId, StateFrameLocked(playerId));
            output.Flush(droppable: false);
            return (JoinOutcome.Joined, info, first);
        }
    }

    /// <summary>The player leaves for good; false when they had no seat.</summary>
    public bool Leave(Guid playerId)
    {
        lock (gate)
        {
            if (end is not null || !seats.Remove(playerId, out var seat))
            {
                return false;
            }

            output.SeatGivenUp(playerId);

            if (seat.Arrived)
            {
                game.Leave(playerId);
            }

            return true;
        }
    }

    /// <summary>The player's last socket on this node closed: hold the seat for the grace period.</summary>
    public void Disconnected(Guid playerId)
    {
        lock (gate)
        {
            if (seats.TryGetValue(playerId, out var seat) && seat.Connected)
            {
                seat.Connected = false;
                seat.Deadline = time.GetUtcNow() + options.SeatGrace;
            }
        }
    }

    /// <summary>Queues an input for the next tick; false when the player has no arrived seat or the queue is full (dropped, counted).</summary>
    public bool Input(Guid playerId, JsonElement input)
    {
        if (!inputs.Writer.TryWrite(new PendingInput(playerId, input)))
        {
            Interlocked.Increment(ref dropped);
            metrics.InputDropped();
            return false;
        }

        return true;
    }

    public MatchInfo Info()
    {
        lock (gate)
        {
            return InfoLocked();
        }
    }

    /// <summary>Runs ticks until the match ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var schedule = new TickSchedule(time, TimeSpan.FromSeconds(1.0 / TickRate));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var delay = schedule.Delay();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, ct);
                }

                var skippedBefore = schedule.Skipped;
                var lag = schedule.Begin();
                if (schedule.Skipped > skippedBefore)
                {
                    metrics.TicksSkipped(schedule.Skipped - skippedBefore);
                }

                var started = Stopwatch.GetTimestamp();
                var done = Tick(schedule.Period);
                metrics.Tick(Stopwatch.GetElapsedTime(started), lag);
                if (done)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Stopped from outside (node shutdown): the match did not finish.
        EndLocked("aborted", new { reason = "node_stopping" }, []);
    }

    /// <summary>One tick: expire seats, apply queued inputs in order, advance the game, push state and events. True when the match ended.</summary>
    public bool Tick(TimeSpan elapsed)
    {
        var frames = new List<(Guid? To, byte[] Frame)>();
        List<Guid> present;
        var events = 0;
        lock (gate)
        {
            if (end is not null)
            {
                return true;
            }

            var now = time.GetUtcNow();
            foreach (var (player, seat) in seats.Where(s => s.Value.Deadline is { } d && d <= now).ToList())
            {
                seats.Remove(player);
                output.SeatGivenUp(player);
                if (seat.Arrived)
                {
                    game.Leave(player);
                }
            }

            while (inputs.Reader.TryRead(out var input))
            {
                lastInputAt = now;
                if (seats.TryGetValue(input.PlayerId, out var seat) && seat.Arrived)
                {
                    game.HandleInput(input.PlayerId, input.Input);
                }
            }

            var result = game.Tick(elapsed);
            present = [.. seats.Where(s => s.Value.Arrived && s.Value.Connected).Select(s => s.Key)];
            foreach (var (name, payload) in context.DrainEvents())
            {
                frames.Add((null, Envelope.Serialize("match." + name, payload)));
                events++;
            }

            if (game.SharedState)
            {
                frames.Add((null, Envelope.Serialize("match.state", game.State(null))));
            }
            else
            {
                frames.AddRange(present.Select(p => ((Guid?)p, Envelope.Serialize("match.state", game.State(p)))));
            }

            if (result is not null)
            {
                EndLocked("finished", result.Result, result.AllWinners, announce: false);
            }
            else if (seats.Count == 0)
            {
                EndLocked("finished", new { reason = "empty" }, [], announce: false);
            }
            else if (now - createdAt >= options.MaxDuration)
            {
                EndLocked("finished", new { reason = "timeout" }, [], announce: false);
            }
            else if (now - lastInputAt >= options.IdleTimeout)
            {
                EndLocked("finished", new { reason = "idle" }, [], announce: false);
            }

            try
            {
                // Under the lock, like a join's frames: a join's match.joined and state never interleave with a
                // tick's, and a relayed player's batch holds one tick.
                foreach (var (to, frame) in frames)
                {
                    foreach (var player in to is { } one ? [one] : present)
                    {
                        output.Send(player, frame);
                    }
                }
            }
            finally
            {
                output.Flush(droppable: events == 0 && end is null);
            }
        }

        // Only now: match.finished (sent by whoever awaits the end) must not overtake this tick's last events and state.
        if (end is { } over)
        {
            ended.TrySetResult(over);
        }

        return end is not null;
    }

    /// <summary>Ends the match once; <paramref name="announce"/> false leaves completing it to the tick, after its frames.</summary>
    private void EndLocked(string status, object result, IReadOnlyList<Guid> winners, bool announce = true)
    {
        lock (gate)
        {
            if (end is not null)
            {
                return;
            }

            var present = seats.Where(s => s.Value.Arrived && s.Value.Connected).Select(s => s.Key).ToList();
            end = new MatchEnd(status, result, winners, [.. everSeated], present);
        }

        if (announce)
        {
            ended.TrySetResult(end);
        }
    }

    private MatchInfo InfoLocked()
    {
        var players = seats.Keys.ToList();
        var status = end is not null ? end.Status : seats.Count(s => s.Value.Arrived) < MaxPlayers ? "waiting" : "running";
        return new MatchInfo(MatchId, Mode, status, players.Count, MaxPlayers, players, NodeId);
    }

    private byte[] StateFrameLocked(Guid playerId) => Envelope.Serialize("match.state", game.State(game.SharedState ? null : playerId));
}
