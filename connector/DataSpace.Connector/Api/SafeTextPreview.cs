namespace DataSpace.Connector.Api;

/// <summary>Bytes shown as escaped text (<see cref="SafeText.Preview"/>), with the counts of what had to be escaped.</summary>
/// <param name="Text">The text, safe to print to a terminal or put in a page.</param>
/// <param name="ControlCharacters">C0 controls (not line feed, tab or a carriage return before a line feed), DEL and C1 controls.</param>
/// <param name="EscapeSequences">Escape and control sequences among them: each ESC and each C1 introducer (CSI, OSC, DCS, SOS, PM, APC).</param>
/// <param name="InvisibleCharacters">Format (bidirectional, zero-width, tag), separator, private-use, unassigned and other invisible code points.</param>
/// <param name="InvalidUtf8Bytes">Bytes that are not part of valid UTF-8.</param>
public sealed record SafeTextPreview(string Text, int ControlCharacters, int EscapeSequences, int InvisibleCharacters, int InvalidUtf8Bytes);
