using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>A tournament with the caller's entry and the top of the current run.</summary>
public sealed record TournamentDetails(Tournament Tournament, long Entries, bool Joined, IReadOnlyList<TournamentStanding> Standings);
