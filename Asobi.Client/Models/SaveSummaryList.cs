using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET saves</c>.</summary>
public sealed record SaveSummaryList(IReadOnlyList<SaveSummary> Saves);
