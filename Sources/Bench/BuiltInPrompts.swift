import Randomness
import Foundation

/// The prompt set the project ships: 240 prompts generated deterministically from word lists,
/// with a spread of lengths (about 10 to 1,500 words) so that prefill cost varies as it does in
/// real traffic. Generated in code, so there is no data file to drift; `version` names the
/// generator and goes into the workload's prompt source (and so into its fingerprint).
public enum BuiltInPrompts {
    public static let version = "prompts-v1"
    public static let count = 240

    /// All prompts, in a fixed order.
    public static let all: [Prompt] = (0..<count).map(make)

    static let topics = [
        "the water cycle", "compound interest", "public-key cryptography", "photosynthesis", "the French Revolution",
        "sourdough baking", "plate tectonics", "how vaccines work", "binary search", "the history of jazz",
        "black holes", "supply and demand", "TCP congestion control", "the human immune system", "Roman aqueducts",
        "climate feedback loops", "garbage collection in programming languages", "the printing press",
        "how a bill becomes law", "coral reefs", "the Fourier transform", "chess openings", "container shipping",
        "bird migration", "relational databases", "volcanoes", "the Silk Road", "electric motors", "sleep and memory",
        "urban planning",
    ]
    static let tasks = [
        "Explain %@ to a twelve-year-old.",
        "Write a short poem about %@.",
        "List five surprising facts about %@.",
        "Summarise the key ideas of %@ in three bullet points.",
        "What are common misconceptions about %@?",
        "Write a detailed essay on %@, with an introduction, three sections and a conclusion.",
        "Give a step-by-step tutorial that teaches %@ from first principles.",
        "Compare %@ with a related idea and explain the differences.",
    ]
    static let words = [
        "system", "river", "signal", "energy", "pattern", "market", "network", "memory", "process", "history",
        "structure", "balance", "current", "layer", "model", "cycle", "pressure", "growth", "light", "method",
        "value", "record", "change", "source", "field", "measure", "design", "order", "limit", "path",
    ]

    /// Prompt `i`: a task about a topic, and for a third of them a generated passage to work on,
    /// whose length grows with `i` (up to ~1,500 words).
    static func make(_ i: Int) -> Prompt {
        let topic = topics[i % topics.count]
        let task = tasks[(i / topics.count) % tasks.count].replacingFirst("%@", with: topic)
        guard i % 3 == 2 else { return Prompt(user: task) }
        var rng = SplitMix64(seed: UInt64(i), stream: version)
        let sentences = 4 + (i * 97) % 150  // 4 ... 153 sentences of ~10 words
        var passage = ""
        for s in 0..<sentences {
            let n = 6 + rng.index(below: 8)
            var sentence: [String] = []
            for _ in 0..<n { sentence.append(words[rng.index(below: words.count)]) }
            var text = sentence.joined(separator: " ")
            text = text.prefix(1).uppercased() + text.dropFirst()
            passage += (s == 0 ? "" : " ") + text + "."
        }
        return Prompt(user: "Read the following notes about \(topic), then answer.\n\n\(passage)\n\n\(task)")
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
