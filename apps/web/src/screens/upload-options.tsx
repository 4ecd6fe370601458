import type { ApiCapabilities } from "@ocrflow/shared/responses";

/** The job options as the form holds them; `choices` are the enum options the API lists (e.g. a mode). */
export interface JobOptionsForm {
  languages: string[];
  priority: string;
  choices: Record<string, string>;
}

export function defaultOptions(capabilities: ApiCapabilities): JobOptionsForm {
  const choices: Record<string, string> = {};
  for (const [name, option] of Object.entries(capabilities.options)) choices[name] = option.default ?? option.values[0] ?? "";
  return { languages: [...capabilities.languages.default], priority: capabilities.priorities.default ?? "normal", choices };
}

/** The body fields of a submit: what the API's job options schema takes. */
export function optionsBody(options: JobOptionsForm): Record<string, unknown> {
  return { languages: options.languages, priority: options.priority, ...options.choices };
}

const label = (name: string) =>
  name
    .replace(/([A-Z])/g, " $1")
    .toLowerCase()
    .replace(/^./, (first) => first.toUpperCase());

/** A yes/no option, offered as "false" and "true". */
const isFlag = (values: string[]) => values.length === 2 && values[0] === "false" && values[1] === "true";

/** Languages, priority, and every choice the service offers, read from GET /api/v1/capabilities. */
export function UploadOptions(props: { capabilities: ApiCapabilities; value: JobOptionsForm; onChange: (value: JobOptionsForm) => void }) {
  const { capabilities, value, onChange } = props;
  const toggleLanguage = (code: string, checked: boolean) => {
    const languages = checked ? [...value.languages, code] : value.languages.filter((language) => language !== code);
    onChange({ ...value, languages });
  };
  return (
    <fieldset class="options">
      <legend>Job options</legend>
      <fieldset class="languages">
        <legend>Languages</legend>
        {capabilities.languages.installed.map((code) => (
          <label key={code} class="check">
            <input
              type="checkbox"
              name="languages"
              value={code}
              checked={value.languages.includes(code)}
              onChange={(event) => toggleLanguage(code, event.currentTarget.checked)}
            />
            {code}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="priority">Priority</label>
        <select id="priority" value={value.priority} onChange={(event) => onChange({ ...value, priority: event.currentTarget.value })}>
          {capabilities.priorities.values.map((priority) => (
            <option key={priority} value={priority}>
              {priority}
            </option>
          ))}
        </select>
      </div>
      {Object.entries(capabilities.options).map(([name, option]) =>
        isFlag(option.values) ? (
          <label key={name} class="check">
            <input
              type="checkbox"
              name={name}
              checked={value.choices[name] === "true"}
              onChange={(event) => onChange({ ...value, choices: { ...value.choices, [name]: String(event.currentTarget.checked) } })}
            />
            {label(name)}
          </label>
        ) : (
          <div class="field" key={name}>
            <label for={`option-${name}`}>{label(name)}</label>
            <select
              id={`option-${name}`}
              value={value.choices[name]}
              onChange={(event) => onChange({ ...value, choices: { ...value.choices, [name]: event.currentTarget.value } })}
            >
              {option.values.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          </div>
        ),
      )}
    </fieldset>
  );
}
