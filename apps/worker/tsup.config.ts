import { defineConfig } from "tsup";
import { nodeAppConfig } from "../../build/tsup-node-app";

export default defineConfig(nodeAppConfig(["src/main.ts"]));
