namespace Asobi;

/// <summary>Marker for the shared library.</summary>
public static class AsobiCore
{
    public const string Name = "Asobi.Core";
}
