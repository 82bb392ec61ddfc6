using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET modes</c>.</summary>
public sealed record GameModeList(IReadOnlyList<GameMode> Modes);
