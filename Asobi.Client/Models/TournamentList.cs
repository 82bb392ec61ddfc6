using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET tournaments</c>.</summary>
public sealed record TournamentList(IReadOnlyList<Tournament> Tournaments);
