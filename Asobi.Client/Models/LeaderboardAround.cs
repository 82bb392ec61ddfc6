using System;
using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>A player with their neighbours; empty when the player has no score.</summary>
public sealed record LeaderboardAround(string LeaderboardId, Guid PlayerId, IReadOnlyList<LeaderboardEntry> Entries);
