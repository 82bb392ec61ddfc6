using System.Text.Json;

namespace Asobi.Node.Matches;

internal readonly record struct PendingInput(Guid PlayerId, JsonElement Input);
