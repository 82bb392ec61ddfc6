using System;

namespace Asobi.Client;

/// <summary>A rank in a tournament run.</summary>
public sealed record TournamentStanding(long Rank, Guid PlayerId, long Score);
