import { describe, expect, it } from "vitest";
import { parseScoresCsv } from "./parse-scores-csv";

const problemsOf = (text: string) => {
  const parsed = parseScoresCsv(text, "scores.csv");
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
};

describe("parseScoresCsv", () => {
  it("should read rows in any order into a participant × image matrix", () => {
    const parsed = parseScoresCsv("participant,image,score\na,x,0.5\nb,y,1e-1\na,y,-2\nb,x,.25\n", "scores.csv");
    expect(parsed).toEqual({ ok: true, value: { participants: ["a", "b"], images: ["x", "y"], scores: Float64Array.of(0.5, -2, 0.25, 0.1) } });
  });

  it("should accept a BOM, CRLF, blank lines and quoted fields with commas", () => {
    const parsed = parseScoresCsv('\uFEFFparticipant,image,score\r\n"team, one",x,1\r\n\r\n"team, one",y,2\r\n', "scores.csv");
    expect(parsed.ok && parsed.value.participants).toEqual(["team, one"]);
  });

  it("should name the file and line 1 when the header is missing or the file is empty", () => {
    expect(problemsOf("a,x,0.5\n")).toEqual(['scores.csv:1: the first line must be the header participant,image,score, found "a,x,0.5"']);
    expect(problemsOf("")).toEqual(["scores.csv:1: the file is empty; expected the header participant,image,score"]);
    expect(problemsOf("participant,image,score\n")).toEqual(["scores.csv:2: no scores after the header"]);
  });

  it("should name the line of a wrong column count, an empty name, and a bad score", () => {
    expect(problemsOf("participant,image,score\na,x\n")).toEqual(["scores.csv:2: 2 fields, but the header has 3"]);
    expect(problemsOf("participant,image,score\na,x,1\n,y,1\n")).toEqual(["scores.csv:3: the participant is empty"]);
    expect(problemsOf("participant,image,score\na,,1\n")).toEqual(["scores.csv:2: the image is empty"]);
    expect(problemsOf("participant,image,score\na,x,abc\n")).toEqual(['scores.csv:2: score "abc" is not a number']);
    expect(problemsOf("participant,image,score\na,x,\n")).toEqual(['scores.csv:2: score "" is not a number']);
    expect(problemsOf("participant,image,score\na,x,0x1f\n")).toEqual(['scores.csv:2: score "0x1f" is not a number']);
    expect(problemsOf("participant,image,score\na,x,NaN\n")).toEqual(['scores.csv:2: score "NaN" is not finite']);
    expect(problemsOf("participant,image,score\na,x,-Infinity\n")).toEqual(['scores.csv:2: score "-Infinity" is not finite']);
    expect(problemsOf("participant,image,score\na,x,1e999\n")).toEqual(['scores.csv:2: score "1e999" is not finite']);
  });

  it("should name both lines of a duplicate participant and image", () => {
    expect(problemsOf("participant,image,score\na,x,1\na,y,1\na,x,2\n")).toEqual(['scores.csv:4: participant "a" already has a score for image "x" (line 2)']);
  });

  it("should name the participant, an image it lacks and the line of its first row", () => {
    expect(problemsOf("participant,image,score\na,x,1\na,y,1\nb,x,1\na,z,1\nb,y,1\n")).toEqual([
      'scores.csv:4: participant "b" (first row on this line) has no score for image "z", which other participants have',
    ]);
    expect(problemsOf("participant,image,score\nb,x,1\na,x,1\na,y,1\na,z,1\n")).toEqual([
      'scores.csv:2: participant "b" (first row on this line) has no score for image "y" (and 1 other image), which other participants have',
    ]);
  });

  it("should report every problem in line order, and stop after 20", () => {
    expect(problemsOf("participant,image,score\na,x,1\na,y,bad\na,z\na,x,3\n")).toEqual([
      'scores.csv:3: score "bad" is not a number',
      "scores.csv:4: 2 fields, but the header has 3",
      'scores.csv:5: participant "a" already has a score for image "x" (line 2)',
    ]);
    const many = problemsOf(`participant,image,score\n${Array.from({ length: 50 }, (_, i) => `a,i${i},?`).join("\n")}\n`);
    expect(many).toHaveLength(21);
    expect(many[20]).toBe("… and 1 more problems");
  });
});
