using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Asobi.Client.Realtime;

/// <summary><c>session.connected</c>: who the socket is and which node holds it.</summary>
public sealed record SessionConnected(Guid PlayerId, string NodeId, IReadOnlyList<string>? Features);

/// <summary><c>match.matched</c>: the matchmaker formed a match with this player in it.</summary>
public sealed record MatchMatched(Guid MatchId, string Mode, IReadOnlyList<Guid> Players, string NodeId, string Url);

/// <summary><c>match.joined</c>: the player holds a seat in the match.</summary>
public sealed record MatchJoined(Guid MatchId, string Mode, string Status, int PlayerCount, int MaxPlayers, IReadOnlyList<Guid> Players, string NodeId);

/// <summary><c>match.finished</c>: the game's result (or an aborted outcome when its host died).</summary>
public sealed record MatchFinished(Guid MatchId, JsonElement Result);

/// <summary><c>chat.sent</c>: the message is stored under <see cref="MessageId"/>.</summary>
public sealed record ChatSent(string ChannelId, string MessageId, long SentAt);

/// <summary><c>dm.sent</c>.</summary>
public sealed record DirectSent(string ChannelId, string MessageId);

/// <summary><c>presence.changed</c>: a friend came online, went offline or changed status.</summary>
public sealed record PresenceChanged(Guid PlayerId, bool Online, string? Status, long? LastSeen);

/// <summary>A live match in <c>match.list</c>.</summary>
public sealed record MatchSummary(Guid MatchId, string Mode, string Status, int PlayerCount, int MaxPlayers, string NodeId);

internal sealed record MatchSummaryList(IReadOnlyList<MatchSummary> Matches);

internal sealed record MigrateTo(Guid MatchId, string NodeId, string Url);

internal sealed record HeartbeatReply(long Ts);

internal sealed record LeftReply(bool Success);
