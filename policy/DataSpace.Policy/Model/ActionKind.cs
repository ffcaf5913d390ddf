namespace DataSpace.Policy.Model;

/// <summary>The actions this connector knows: ODRL 2.2's (ODRL Vocabulary §4.18) and the profile's compute actions (docs/policy-profile.md).</summary>
public enum ActionKind
{
    /// <summary>An action IRI outside the vocabulary; evaluation denies it with a reason.</summary>
    Unknown,

    /// <summary><c>odrl:use</c>.</summary>
    Use,
    /// <summary><c>odrl:transfer</c>.</summary>
    Transfer,
    /// <summary><c>odrl:acceptTracking</c>.</summary>
    AcceptTracking,
    /// <summary><c>odrl:aggregate</c>.</summary>
    Aggregate,
    /// <summary><c>odrl:annotate</c>.</summary>
    Annotate,
    /// <summary><c>odrl:anonymize</c>.</summary>
    Anonymize,
    /// <summary><c>odrl:archive</c>.</summary>
    Archive,
    /// <summary><c>odrl:attribute</c>.</summary>
    Attribute,
    /// <summary><c>odrl:compensate</c>.</summary>
    Compensate,
    /// <summary><c>odrl:concurrentUse</c>.</summary>
    ConcurrentUse,
    /// <summary><c>odrl:delete</c>.</summary>
    Delete,
    /// <summary><c>odrl:derive</c>.</summary>
    Derive,
    /// <summary><c>odrl:digitize</c>.</summary>
    Digitize,
    /// <summary><c>odrl:display</c>.</summary>
    Display,
    /// <summary><c>odrl:distribute</c>.</summary>
    Distribute,
    /// <summary><c>odrl:ensureExclusivity</c>.</summary>
    EnsureExclusivity,
    /// <summary><c>odrl:execute</c>.</summary>
    Execute,
    /// <summary><c>odrl:extract</c>.</summary>
    Extract,
    /// <summary><c>odrl:give</c>.</summary>
    Give,
    /// <summary><c>odrl:grantUse</c>.</summary>
    GrantUse,
    /// <summary><c>odrl:include</c>.</summary>
    Include,
    /// <summary><c>odrl:index</c>.</summary>
    Index,
    /// <summary><c>odrl:inform</c>.</summary>
    Inform,
    /// <summary><c>odrl:install</c>.</summary>
    Install,
    /// <summary><c>odrl:modify</c>.</summary>
    Modify,
    /// <summary><c>odrl:move</c>.</summary>
    Move,
    /// <summary><c>odrl:nextPolicy</c>.</summary>
    NextPolicy,
    /// <summary><c>odrl:obtainConsent</c>.</summary>
    ObtainConsent,
    /// <summary><c>odrl:play</c>.</summary>
    Play,
    /// <summary><c>odrl:present</c>.</summary>
    Present,
    /// <summary><c>odrl:print</c>.</summary>
    Print,
    /// <summary><c>odrl:read</c>.</summary>
    Read,
    /// <summary><c>odrl:reproduce</c>.</summary>
    Reproduce,
    /// <summary><c>odrl:reviewPolicy</c>.</summary>
    ReviewPolicy,
    /// <summary><c>odrl:sell</c>.</summary>
    Sell,
    /// <summary><c>odrl:stream</c>.</summary>
    Stream,
    /// <summary><c>odrl:synchronize</c>.</summary>
    Synchronize,
    /// <summary><c>odrl:textToSpeech</c>.</summary>
    TextToSpeech,
    /// <summary><c>odrl:transform</c>.</summary>
    Transform,
    /// <summary><c>odrl:translate</c>.</summary>
    Translate,
    /// <summary><c>odrl:uninstall</c>.</summary>
    Uninstall,
    /// <summary><c>odrl:watermark</c>.</summary>
    Watermark,

    /// <summary><c>dsc:computeAggregate</c>: Run a job whose output is host-computed aggregates.</summary>
    ComputeAggregate,

    /// <summary><c>dsc:trainModel</c>: Run a job whose output is a trained model's parameters and metrics.</summary>
    TrainModel,

    /// <summary><c>dsc:customAnalysis</c>: Run a job whose custom output is leak-checked and reviewed before release.</summary>
    CustomAnalysis,

    /// <summary><c>dsc:rawExport</c>: Export rows as they are; no default policy permits it.</summary>
    RawExport,
}
