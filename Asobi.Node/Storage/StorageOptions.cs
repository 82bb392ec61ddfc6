namespace Asobi.Node.Storage;

/// <summary>Bound from <c>Asobi:Storage</c>: size and count limits of cloud saves and collection objects.</summary>
public sealed class StorageOptions
{
    public const string Section = "Asobi:Storage";

    public int MaxSaveBytes { get; set; } = 256 * 1024;

    public int MaxSlotsPerPlayer { get; set; } = 32;

    public int MaxObjectBytes { get; set; } = 64 * 1024;

    public int MaxListPage { get; set; } = 100;
}
