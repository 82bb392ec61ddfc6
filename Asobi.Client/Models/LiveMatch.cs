using System;

namespace Asobi.Client;

/// <summary>A running match somewhere in the cluster (<c>match.list</c>, <c>GET matches/live</c>).</summary>
public sealed record LiveMatch(Guid MatchId, string Mode, string Status, int PlayerCount, int MaxPlayers, string NodeId);
