using System;
using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>One page of a board; <c>NextOffset</c> is null on the last page.</summary>
public sealed record LeaderboardPage(string LeaderboardId, IReadOnlyList<LeaderboardEntry> Entries, long Total, int? NextOffset, DateTimeOffset? ResetAt);
