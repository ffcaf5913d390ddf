namespace DataSpace.WebConsole.Resources;

/// <summary>The console's texts (Text.resx, English; Text.zh-CN.resx, simplified Chinese), through <c>IStringLocalizer&lt;Text&gt;</c>.</summary>
internal sealed class Text;
