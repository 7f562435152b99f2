// `npm run seed`: seed the demo challenges into an empty database (npm start does this too).
import { seedDemoChallenges } from "../services/seed/seed-demo-challenges";
import { withDatabase } from "./with-database";

const seeded = await withDatabase(() => seedDemoChallenges({ log: (m) => console.log(`[seed] ${m}`) }));
console.log(seeded.length > 0 ? `seeded: ${seeded.join(", ")}` : "the database already has challenges; nothing seeded");
process.exit(0);
