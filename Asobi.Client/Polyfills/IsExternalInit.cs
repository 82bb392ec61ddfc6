#if NETSTANDARD2_1
namespace System.Runtime.CompilerServices;

/// <summary>Lets records and init accessors compile on netstandard2.1, which lacks this marker type.</summary>
internal static class IsExternalInit
{
}
#endif
