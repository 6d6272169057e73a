namespace OsakaDx.Host;

/// <summary>Marker for the shared UI strings in Resources/SharedResource(.en).resx. Japanese is the neutral language.</summary>
public sealed class SharedResource;
