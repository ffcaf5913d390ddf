namespace DataSpace.Connector.Jobs;

/// <summary>A result sealed to its data user, ready to be released: what the release entry names before the receipt exists.</summary>
/// <param name="Envelope">The sealed envelope's bytes.</param>
/// <param name="OutputDigest">The digest of <paramref name="Envelope"/>, as the receipt and the log name it.</param>
/// <param name="RecipientKeyId">The key id of the data user it is sealed to.</param>
/// <param name="DatasetDigest">The digest of the dataset the job read.</param>
public sealed record SealedResult(byte[] Envelope, string OutputDigest, string RecipientKeyId, string DatasetDigest);
