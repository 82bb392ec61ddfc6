namespace Asobi.Matchmaking;

/// <summary>Who leads the matchmaker, which instances are alive, and how long each queue is.</summary>
public sealed record MatchmakerStatus(MatchmakerLeaderView? Leader, IReadOnlyList<MatchmakerInstanceView> Instances, IReadOnlyList<QueueDepth> Queues);

public sealed record MatchmakerLeaderView(string InstanceId, string Host, int Pid, DateTimeOffset Since);

public sealed record MatchmakerInstanceView(string InstanceId, string Host, int Pid, DateTimeOffset LastSeen, bool Leader);

public sealed record QueueDepth(string Mode, int Tickets);
