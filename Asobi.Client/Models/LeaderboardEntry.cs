using System;

namespace Asobi.Client;

/// <summary>One ranked score; ranks are 1-based.</summary>
public sealed record LeaderboardEntry(long Rank, Guid PlayerId, long Score, DateTimeOffset UpdatedAt);
