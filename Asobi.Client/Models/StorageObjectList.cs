using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>One page of a collection; pass <c>NextAfter</c> back for the next page.</summary>
public sealed record StorageObjectList(IReadOnlyList<StorageObject> Objects, string? NextAfter);
